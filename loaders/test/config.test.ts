import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_GLASSDOOR_BASE_URL,
  DEFAULT_JSEARCH_BASE_URL,
  loadConfig,
  requireKey,
} from '../src/config.ts';

describe('loadConfig', () => {
  it('uses the contract defaults', () => {
    const config = loadConfig({});
    expect(config.jsearch.baseUrl).toBe(DEFAULT_JSEARCH_BASE_URL);
    expect(config.glassdoor.baseUrl).toBe(DEFAULT_GLASSDOOR_BASE_URL);
    expect(config.jsearch.numPages).toBe(1);
    expect(config.jsearch.authStyle).toBe('direct');
  });

  it('switches to RapidAPI auth when the host is set', () => {
    const config = loadConfig({
      JSEARCH_API_KEY: 'k',
      JSEARCH_RAPIDAPI_HOST: 'jsearch.p.rapidapi.com',
      GLASSDOOR_API_KEY: 'g',
    });
    expect(config.jsearch).toMatchObject({
      authStyle: 'rapidapi',
      rapidApiHost: 'jsearch.p.rapidapi.com',
      apiKey: 'k',
    });
    expect(config.glassdoor).toMatchObject({ authStyle: 'direct', apiKey: 'g' });
  });

  it('strips trailing slashes from base URLs', () => {
    expect(loadConfig({ JSEARCH_BASE_URL: 'http://127.0.0.1:9/' }).jsearch.baseUrl).toBe('http://127.0.0.1:9');
  });

  it.each([
    [{ JSEARCH_BASE_URL: 'not a url' }, /JSEARCH_BASE_URL/],
    [{ GLASSDOOR_BASE_URL: 'ftp://x' }, /http/],
    [{ JSEARCH_NUM_PAGES: 'many' }, /JSEARCH_NUM_PAGES/],
    [{ JSEARCH_NUM_PAGES: '1000' }, /JSEARCH_NUM_PAGES/],
  ])('%o is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('requireKey', () => {
  it('demands a key for a real API, not for loopback', () => {
    expect(() => requireKey(loadConfig({}).jsearch, 'JSEARCH')).toThrow(/JSEARCH_API_KEY is required/);
    expect(() =>
      requireKey(loadConfig({ JSEARCH_BASE_URL: 'http://127.0.0.1:8765' }).jsearch, 'JSEARCH'),
    ).not.toThrow();
    expect(() => requireKey(loadConfig({ JSEARCH_API_KEY: 'x' }).jsearch, 'JSEARCH')).not.toThrow();
  });
});
