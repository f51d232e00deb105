import { describe, expect, it } from 'vitest';
import { chooseFault, FaultSpecError, parseFaults } from '../src/faults.ts';

describe('parseFaults', () => {
  it.each([
    ['', []],
    ['500', [{ kind: '500', rate: 0.1 }]],
    ['error500:query=BrokenProfile', [{ kind: '500', rate: 1, query: 'brokenprofile' }]],
    ['429@0.2:retry_after=0', [{ kind: '429', rate: 0.2, retryAfterS: 0 }]],
    ['slow@0.5:ms=50;path=/search', [{ kind: 'slow', rate: 0.5, delayMs: 50, path: '/search' }]],
    [
      'reset@0.1, truncated_json@0.1 ,schema_invalid@0.1,quota_exceeded@0',
      [{ kind: 'reset' }, { kind: 'truncated' }, { kind: 'invalid_item' }, { kind: 'quota', rate: 0 }],
    ],
  ])('%s', (spec, expected) => {
    expect(parseFaults(spec)).toMatchObject(expected);
  });

  it.each([['explode'], ['500@2'], ['500:colour=red'], ['slow:ms=-1']])('refuses %s', (spec) => {
    expect(() => parseFaults(spec)).toThrow(FaultSpecError);
  });
});

describe('chooseFault', () => {
  const request = (query: string) => ({ path: '/search', query, key: query });
  const rules = parseFaults('500@0.1,reset@0.2,error503:query=Broken');

  it('walks the rates with one draw', () => {
    expect(chooseFault(rules, request('x'), 0.05, 0, 2)?.kind).toBe('500');
    expect(chooseFault(rules, request('x'), 0.25, 0, 2)?.kind).toBe('reset');
    expect(chooseFault(rules, request('x'), 0.35, 0, 2)).toBeUndefined();
  });

  it('caps rate-based faults in a row, never targeted ones', () => {
    expect(chooseFault(rules, request('x'), 0.05, 2, 2)).toBeUndefined();
    expect(chooseFault(rules, request('a Broken profile'), 0.99, 50, 2)?.kind).toBe('503');
  });

  it('respects path', () => {
    const onlyCompanies = parseFaults('500@1:path=/company-search');
    expect(chooseFault(onlyCompanies, request('x'), 0, 0, 2)).toBeUndefined();
    expect(chooseFault(onlyCompanies, { path: '/company-search', query: 'x', key: 'x' }, 0, 0, 2)?.kind).toBe('500');
  });
});
