// Every ATS module against its real response shapes (test/fixtures/boards/<ats>/board.json, see
// each SOURCES.md): the schema accepts them, the fake API renders the same shape, bad answers
// and bad tokens are refused with a clear reason. Runs for every module the registry finds.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fakeBoardPostings } from '@jobs/fake-api';
import { describe, expect, it } from 'vitest';
import { boardInput } from '../../../src/pipeline/board-sources.ts';
import { checkResponseText } from '../../../src/pipeline/validate.ts';
import { BoardTokenError, boardApiConfig, checkBoardToken } from '../../../src/sources/boards/client.ts';
import { atsNames, BOARD_SOURCES, boardSource, UnknownAtsError } from '../../../src/sources/boards/registry.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/boards/', import.meta.url));
const fixtureAts = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const itemsOf = (json: unknown, dataKey: string | undefined): Record<string, unknown>[] =>
  (Array.isArray(json) ? json : (json as Record<string, unknown>)[dataKey ?? 'data']) as Record<string, unknown>[];

describe('the board registry', () => {
  it('finds every ATS module by its folder, and every module has a fixture', () => {
    expect(atsNames()).toEqual(expect.arrayContaining(['greenhouse', 'lever']));
    expect(fixtureAts).toEqual(atsNames());
  });

  it('names an unknown ATS with the known ones', () => {
    expect(() => boardSource('workday')).toThrow(UnknownAtsError);
    expect(() => boardSource('workday')).toThrow(/one of: .*greenhouse.*lever/);
  });
});

describe.each(fixtureAts)('%s', (ats) => {
  const source = boardSource(ats);
  const text = readFileSync(`${FIXTURES}${ats}/board.json`, 'utf8');
  const fixtureItems = itemsOf(JSON.parse(text), source.shape.dataKey);

  it('accepts the real response shape: every posting, with its id', () => {
    const checked = checkResponseText(text, source.shape);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.rejected).toEqual([]);
    expect(checked.accepted).toHaveLength(fixtureItems.length);
    const ids = checked.accepted.map((accepted) => accepted.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length > 0 && id === id.trim())).toBe(true);
  });

  it('the fake API renders the same shape (every field it sends is a real field)', () => {
    const postings = fakeBoardPostings(42, 'globex-labs', new Date('2026-12-03T12:00:00Z'));
    expect(postings).not.toBeNull();
    const rendered = JSON.stringify(source.fake.render('globex-labs', postings ?? [], 'Globex Labs'));
    const checked = checkResponseText(rendered, source.shape);
    expect(checked.ok && checked.accepted.length).toBe(postings?.length);
    const realKeys = new Set(fixtureItems.flatMap((item) => Object.keys(item)));
    const fakeItem = itemsOf(JSON.parse(rendered), source.shape.dataKey)[0] ?? {};
    expect(Object.keys(fakeItem).filter((key) => !realKeys.has(key))).toEqual([]);
  });

  it('quarantines a posting without an id, and refuses an answer that is not a board', () => {
    const items = fixtureItems.map((item) => ({ ...item }));
    delete (items[0] as Record<string, unknown>).id;
    const body = Array.isArray(JSON.parse(text))
      ? items
      : { ...JSON.parse(text), [source.shape.dataKey ?? 'data']: items };
    const checked = checkResponseText(JSON.stringify(body), source.shape);
    expect(checked.ok).toBe(true);
    if (checked.ok) {
      expect(checked.rejected).toHaveLength(1);
      expect(checked.rejected[0]?.reason).toMatch(/id/);
    }
    for (const garbage of ['{"ok":false,"error":"Document not found"}', '<html>502 Bad Gateway</html>', 'null']) {
      expect(checkResponseText(garbage, source.shape).ok).toBe(false);
    }
  });

  it('builds its request from the token, below a base URL from its own variable', () => {
    const request = source.request('acme');
    expect(request.path).toContain('acme');
    expect(boardApiConfig(source, {}).baseUrl).toBe(source.defaultBaseUrl);
    expect(boardApiConfig(source, { [source.baseUrlEnv]: 'http://127.0.0.1:9/' }).baseUrl).toBe('http://127.0.0.1:9');
    expect(() => boardApiConfig(source, { [source.baseUrlEnv]: 'http://example.com' })).toThrow(/https/);
    expect(source.fake.match(request.path)).toBe('acme');
  });

  it('accepts a plain token and refuses one that could leave the path', () => {
    expect(checkBoardToken(source, ' acme-co ')).toBe('acme-co');
    for (const bad of ['', 'a/b', '../x', 'acme?x=1', 'bad token!']) {
      expect(() => checkBoardToken(source, bad)).toThrow(BoardTokenError);
    }
  });
});

describe('board input for jobctl boards add and the Sources page', () => {
  it('normalises the ATS and the company, and rejects what is not valid', () => {
    expect(boardInput({ ats: ' Greenhouse ', board: 'acme', company: '  ' })).toEqual({
      ats: 'greenhouse',
      token: 'acme',
      company: null,
    });
    expect(() => boardInput({ ats: 'taleo', board: 'acme' })).toThrow(UnknownAtsError);
    expect(() => boardInput({ ats: 'lever', board: 'acme', company: 'x'.repeat(201) })).toThrow(/200/);
  });

  it('knows every module it found', () => {
    expect(BOARD_SOURCES.size).toBe(atsNames().length);
  });
});
