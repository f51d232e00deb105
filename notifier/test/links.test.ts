import { describe, expect, it } from 'vitest';
import { verifyLinkToken } from '../src/link-token.ts';
import { feedbackUrl, listUnsubscribeHeaders, unsubscribeMailto, unsubscribeUrl } from '../src/links.ts';
import { buildDigestView } from '../src/present.ts';
import { job, profile } from './support/jobs.ts';

const signing = { secret: 'links-test-secret-of-thirty-two-characters', nowMs: Date.UTC(2026, 11, 3) };

describe('digest links', () => {
  it('point at the app under /t/ with one trailing slash removed', () => {
    expect(unsubscribeUrl('https://jobs.example.com/', signing, 7)).toMatch(
      /^https:\/\/jobs\.example\.com\/t\/unsubscribe\/v1\./,
    );
    const url = feedbackUrl('https://jobs.example.com', signing, 7, 'job 1', 'applied');
    const token = url.split('/t/feedback/')[1] as string;
    expect(verifyLinkToken(token, signing.secret, signing.nowMs)).toMatchObject({
      ok: true,
      claims: { kind: 'applied', profileId: 7, jobId: 'job 1' },
    });
  });

  it('mailto names the sender and the profile, or is left out for an unusable sender', () => {
    expect(unsubscribeMailto('Job digest <jobs@example.com>', 3)).toBe(
      'mailto:jobs@example.com?subject=unsubscribe%20profile%203',
    );
    expect(unsubscribeMailto('jobs@example.com', 3)).toBe('mailto:jobs@example.com?subject=unsubscribe%20profile%203');
    expect(unsubscribeMailto('not an address', 3)).toBeNull();
  });

  it('RFC 8058 headers: URL first, then mailto, and the one-click marker', () => {
    expect(listUnsubscribeHeaders('https://a.example/t/unsubscribe/x', 'mailto:b@example.com')).toEqual({
      'List-Unsubscribe': '<https://a.example/t/unsubscribe/x>, <mailto:b@example.com>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(listUnsubscribeHeaders('https://a.example/t/unsubscribe/x', null)['List-Unsubscribe']).toBe(
      '<https://a.example/t/unsubscribe/x>',
    );
  });

  it('the digest view carries signed links only when it has a secret', () => {
    const context = { digestDate: '2026-11-28', uiPublicUrl: 'https://jobs.example.com' };
    const plain = buildDigestView(profile, [job()], context);
    expect(plain.jobs[0]).toMatchObject({ has_feedback: false, not_interested_url: '', applied_url: '' });
    expect(plain.unsubscribe_url).toBe(plain.edit_url);
    const signed = buildDigestView(profile, [job()], { ...context, linkSigning: signing });
    expect(signed.jobs[0]?.has_feedback).toBe(true);
    expect(signed.jobs[0]?.not_interested_url).toMatch(/\/t\/feedback\/v1\./);
    expect(signed.unsubscribe_url).toMatch(/\/t\/unsubscribe\/v1\./);
  });
});
