import { describe, expect, it } from 'vitest';
import { type CachedPage, PageCache } from '../../src/lib/page-cache.ts';

const page = (version: number, bytes = 10, validUntil = Number.POSITIVE_INFINITY): CachedPage => ({
  version,
  validUntil,
  body: new Uint8Array(bytes),
  headers: [['content-type', 'text/html']],
});

describe('PageCache', () => {
  it('serves a page only at the version it was rendered at', () => {
    const cache = new PageCache({ entries: 10, bytes: 1000 });
    expect(cache.set('/profiles', page(7))).toBe(true);
    expect(cache.get('/profiles', 7, 0)?.version).toBe(7);
    expect(cache.get('/profiles', 8, 0)).toBeUndefined();
    // A newer version empties the cache; a page rendered at an older one is not stored.
    expect(cache.size).toBe(0);
    expect(cache.set('/profiles', page(7))).toBe(false);
    expect(cache.get('/profiles', 8, 0)).toBeUndefined();
  });

  it('keeps different URLs apart', () => {
    const cache = new PageCache({ entries: 10, bytes: 1000 });
    cache.set('/profiles?sort=name', page(1, 1));
    cache.set('/profiles?sort=runs', page(1, 2));
    expect(cache.get('/profiles?sort=name', 1, 0)?.body.byteLength).toBe(1);
    expect(cache.get('/profiles?sort=runs', 1, 0)?.body.byteLength).toBe(2);
    expect(cache.get('/profiles', 1, 0)).toBeUndefined();
  });

  it('drops a page once its relative times would read differently', () => {
    const cache = new PageCache({ entries: 10, bytes: 1000 });
    cache.set('/profiles/1', page(1, 10, 5000));
    expect(cache.get('/profiles/1', 1, 4999)).toBeDefined();
    expect(cache.get('/profiles/1', 1, 5000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('evicts the least recently used pages beyond its entry and byte limits', () => {
    const cache = new PageCache({ entries: 2, bytes: 25 });
    cache.set('/a', page(1));
    cache.set('/b', page(1));
    cache.get('/a', 1, 0);
    cache.set('/c', page(1));
    expect([cache.get('/a', 1, 0), cache.get('/b', 1, 0), cache.get('/c', 1, 0)].map(Boolean)).toEqual([
      true,
      false,
      true,
    ]);
    cache.set('/d', page(1, 20));
    expect(cache.bytes).toBeLessThanOrEqual(25);
    expect([cache.get('/a', 1, 0), cache.get('/c', 1, 0), cache.get('/d', 1, 0)].map(Boolean)).toEqual([
      false,
      false,
      true,
    ]);
    expect(cache.set('/huge', page(1, 26))).toBe(false);
    cache.set('/d', page(1, 5));
    expect(cache.bytes).toBe(5);
  });
});
