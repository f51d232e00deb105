import { describe, expect, it } from 'vitest';
import { hiddenReasonLabel, REASON_MAX, readFeedbackForm, readReason } from '../../src/lib/feedback.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe('readFeedbackForm', () => {
  it('reads "not interested" with its reason, spaces collapsed', () => {
    expect(readFeedbackForm(form({ job_id: ' job-1 ', kind: 'not_interested', reason: '  too \t far ' }))).toEqual({
      ok: true,
      feedback: { job_id: 'job-1', kind: 'not_interested', reason: 'too far' },
    });
  });

  it('an empty reason is none, and "applied" never keeps one', () => {
    expect(readFeedbackForm(form({ job_id: 'j', kind: 'not_interested', reason: '   ' }))).toMatchObject({
      feedback: { reason: null },
    });
    expect(readFeedbackForm(form({ job_id: 'j', kind: 'applied', reason: 'ignored' }))).toMatchObject({
      feedback: { kind: 'applied', reason: null },
    });
  });

  it('refuses an unknown kind, a missing job and a bad reason with a message', () => {
    expect(readFeedbackForm(form({ job_id: 'j', kind: 'loved' }))).toEqual({
      ok: false,
      message: 'Feedback must be not_interested or applied',
    });
    expect(readFeedbackForm(form({ kind: 'applied' }))).toEqual({ ok: false, message: 'Which job?' });
    expect(readFeedbackForm(form({ job_id: 'j', kind: 'not_interested', reason: 'x'.repeat(REASON_MAX + 1) }))).toEqual(
      {
        ok: false,
        message: `The reason must be at most ${REASON_MAX} characters`,
      },
    );
    expect(readFeedbackForm(form({ job_id: 'j', kind: 'not_interested', reason: 'evil\u202Etxt' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/control characters/),
    });
  });
});

describe('readReason', () => {
  it('reads the confirm page reason alone', () => {
    expect(readReason(form({ reason: ' wrong stack ' }))).toEqual({ ok: true, reason: 'wrong stack' });
    expect(readReason(new FormData())).toEqual({ ok: true, reason: null });
    expect(readReason(form({ reason: 'x'.repeat(REASON_MAX + 1) })).ok).toBe(false);
  });
});

describe('hiddenReasonLabel', () => {
  it('names every hidden_reason profile_top_jobs uses, and the expired postings', () => {
    for (const reason of ['blocked_employer', 'blocked_keyword', 'not_interested', 'applied', 'duplicate', 'expired']) {
      expect(hiddenReasonLabel(reason)).not.toBe(reason);
    }
    expect(hiddenReasonLabel('something_new')).toBe('something_new');
  });
});
