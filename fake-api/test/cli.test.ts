import { describe, expect, it } from 'vitest';
import { parseFakeApiCommand, UsageError } from '../src/cli.ts';

describe('parseFakeApiCommand', () => {
  it('reads the options, with defaults', () => {
    expect(parseFakeApiCommand(['--port', '0', '--seed', '9', '--faults', '500@0.1'])).toMatchObject({
      name: 'fake-api',
      port: 0,
      seed: 9,
      faults: '500@0.1',
      host: '127.0.0.1',
    });
    expect(parseFakeApiCommand([])).toMatchObject({ port: 8765, seed: 42, showcase: false });
    expect(parseFakeApiCommand(['--help'])).toEqual({ name: 'help' });
  });

  it('reads FAKE_API_FAULTS', () => {
    expect(parseFakeApiCommand([], { FAKE_API_FAULTS: 'reset@0.2' })).toMatchObject({ faults: 'reset@0.2' });
  });

  it.each([[['--faults', 'explode']], [['--port', 'x']], [['--bogus']]])('refuses %o', (argv) => {
    expect(() => parseFakeApiCommand(argv)).toThrow(UsageError);
  });
});
