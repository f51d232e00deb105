import { describe, expect, it } from 'vitest';
import { cookieValueFor, isAuthorised, isTokenCorrect, safeNextPath } from '../../../src/lib/server/auth.ts';

const none = { authorization: null, adminHeader: null, cookie: undefined };

describe('admin token', () => {
  it('accepts the token as bearer, header or derived cookie', () => {
    expect(isAuthorised({ ...none, authorization: 'Bearer s3cret' }, 's3cret')).toBe(true);
    expect(isAuthorised({ ...none, adminHeader: ' s3cret ' }, 's3cret')).toBe(true);
    expect(isAuthorised({ ...none, cookie: cookieValueFor('s3cret') }, 's3cret')).toBe(true);
  });

  it('rejects anything else, including the raw token as cookie', () => {
    expect(isAuthorised(none, 's3cret')).toBe(false);
    expect(isAuthorised({ ...none, authorization: 'Bearer nope' }, 's3cret')).toBe(false);
    expect(isAuthorised({ ...none, authorization: 'Basic s3cret' }, 's3cret')).toBe(false);
    expect(isAuthorised({ ...none, cookie: 's3cret' }, 's3cret')).toBe(false);
    expect(cookieValueFor('s3cret')).not.toContain('s3cret');
  });

  it('checks a typed token', () => {
    expect(isTokenCorrect(' s3cret\n', 's3cret')).toBe(true);
    expect(isTokenCorrect('s3cre', 's3cret')).toBe(false);
  });

  it.each([
    [null, '/profiles'],
    ['/profiles/3', '/profiles/3'],
    ['https://evil.example', '/profiles'],
    ['//evil.example', '/profiles'],
    ['/\\evil.example', '/profiles'],
  ])('next %s → %s', (next, path) => {
    expect(safeNextPath(next)).toBe(path);
  });
});
