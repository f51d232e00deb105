// jobctl users invite (issue 22) against a real warehouse: creates the account once, promotes
// with --admin, hands profiles without an owner to the first admin, and audits the invitation.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../tests/support/pg.ts';
import { main, parseCommand, UsageError } from '../src/cli.ts';
import { normaliseEmail } from '../src/users.ts';
import { insertProfile, warehouse } from './helpers/setup.ts';

describe('parse users invite', () => {
  it('reads the address and --admin, and refuses anything but one plain address', () => {
    expect(parseCommand(['users', 'invite', 'Ann@Example.com'])).toEqual({
      name: 'users-invite',
      email: 'ann@example.com',
      admin: false,
    });
    expect(parseCommand(['users', 'invite', 'ann@example.com', '--admin'])).toMatchObject({ admin: true });
    for (const argv of [
      ['users', 'invite'],
      ['users', 'invite', 'Ann <ann@example.com>'],
      ['users', 'invite', 'a@b.c', 'extra'],
      ['users', 'remove', 'a@b.c'],
    ]) {
      expect(() => parseCommand(argv), argv.join(' ')).toThrow(UsageError);
    }
    expect(normaliseEmail(' a@b.co ')).toBe('a@b.co');
    expect(normaliseEmail('a@b')).toBeNull();
  });
});

describe('jobctl users invite against PostgreSQL', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let output = '';
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    ({ db, pool } = await warehouse('loaders_users'));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const invite = async (...args: string[]) => {
    output = '';
    process.stdout.write = ((chunk: string) => {
      output += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await main(['users', 'invite', ...args], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
      return { code, summary: JSON.parse(output.trim().split('\n').pop() ?? '{}') };
    } finally {
      process.stdout.write = write;
    }
  };

  it('creates a user, promotes it with --admin, and gives it the profiles nobody owns (twice is harmless)', async () => {
    const orphan = await insertProfile(pool, { query: 'orphan', country: 'us', date_window: 'week' });
    const user = await invite('first@example.com');
    expect(user).toEqual({
      code: 0,
      summary: {
        command: 'users invite',
        user_id: expect.any(Number),
        created: true,
        role: 'user',
        profiles_assigned: 0,
      },
    });
    expect(output).not.toContain('first@example.com');
    const promoted = await invite('FIRST@example.com', '--admin');
    expect(promoted.summary).toMatchObject({
      user_id: user.summary.user_id,
      created: false,
      role: 'admin',
      profiles_assigned: 1,
    });
    const again = await invite('first@example.com', '--admin');
    expect(again.summary).toMatchObject({ created: false, profiles_assigned: 0 });
    const second = await invite('second@example.com', '--admin');
    expect(second.summary).toMatchObject({ created: true, role: 'admin' });
    const owner = await pool.query('select owner_user_id from marts.profile_preferences where profile_id = $1', [
      orphan,
    ]);
    expect(Number(owner.rows[0].owner_user_id)).toBe(user.summary.user_id);
    const audit = await pool.query("select count(*)::int as n from marts.app_audit_log where action = 'invite'");
    expect(audit.rows[0].n).toBe(4);
  });
});
