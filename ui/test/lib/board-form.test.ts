import { describe, expect, it } from 'vitest';
import { errorField, missingFields, readBoardForm, statusText } from '../../src/lib/board-form.ts';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
};

describe('the /sources add form', () => {
  it('reads and trims the fields, missing ones as empty', () => {
    expect(readBoardForm(form({ ats: ' lever ', board_token: ' acme ' }))).toEqual({
      ats: 'lever',
      board_token: 'acme',
      company_name: '',
    });
  });

  it('asks for the ATS and the token, and bounds the lengths', () => {
    expect(missingFields({ ats: '', board_token: '', company_name: '' })).toEqual({
      ats: expect.stringMatching(/Choose/),
      board_token: expect.stringMatching(/board token/),
    });
    expect(missingFields({ ats: 'lever', board_token: 'x'.repeat(101), company_name: 'y'.repeat(201) })).toEqual({
      board_token: expect.stringMatching(/100/),
      company_name: expect.stringMatching(/200/),
    });
    expect(missingFields({ ats: 'lever', board_token: 'acme', company_name: '' })).toEqual({});
  });

  it("puts jobctl's reason next to the field it is about", () => {
    expect(errorField('unknown ATS "taleo" (one of: ashby, greenhouse, lever)')).toBe('ats');
    expect(errorField('company name is longer than 200 characters')).toBe('company_name');
    expect(errorField('"bad token!" is not a valid Lever board token')).toBe('board_token');
  });

  it('says each fetch outcome in one actionable line', () => {
    expect(statusText('ok', 12, null)).toBe('OK: 12 postings');
    expect(statusText('ok', 1, null)).toBe('OK: 1 posting');
    expect(statusText('not_found', null, null)).toBe('Board not found (HTTP 404): check the token');
    expect(statusText('failed', null, 'HttpError: 503')).toBe('Fetch failed: HttpError: 503');
    expect(statusText(null, null, null)).toBe('Not fetched yet');
  });
});
