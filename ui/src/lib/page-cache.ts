// Rendered pages kept per worker, each valid only at the data version it was rendered at and until
// the time its relative texts ("5 min ago", "Stale") would read differently. Pure: the version
// comes from the database (src/lib/server/page-cache.ts), the clock from the caller.

export interface CachedPage {
  /** The data version read before the page was rendered. */
  version: number;
  /** Epoch ms from which the page would render differently even at the same version. */
  validUntil: number;
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
}

export interface PageCacheLimits {
  entries: number;
  bytes: number;
}

/** LRU of rendered pages, emptied whenever a newer data version is seen. */
export class PageCache {
  readonly #pages = new Map<string, CachedPage>();
  #bytes = 0;
  /** The newest data version seen; entries of older versions are gone. */
  #version = Number.NEGATIVE_INFINITY;

  constructor(readonly limits: PageCacheLimits) {}

  get size(): number {
    return this.#pages.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The page stored under `key` if it was rendered at `version` and is still valid at `now`. */
  get(key: string, version: number, now: number): CachedPage | undefined {
    this.#observe(version);
    const page = this.#pages.get(key);
    if (!page) return undefined;
    this.#pages.delete(key);
    if (page.version !== version || now >= page.validUntil) {
      this.#bytes -= page.body.byteLength;
      return undefined;
    }
    this.#pages.set(key, page); // most recently used last
    return page;
  }

  /** Stores a page unless a newer version has been seen since it was rendered, or it is too big. */
  set(key: string, page: CachedPage): boolean {
    this.#observe(page.version);
    if (page.version !== this.#version || page.body.byteLength > this.limits.bytes) return false;
    this.#remove(key);
    this.#pages.set(key, page);
    this.#bytes += page.body.byteLength;
    for (const [oldest, old] of this.#pages) {
      if (this.#pages.size <= this.limits.entries && this.#bytes <= this.limits.bytes) break;
      this.#pages.delete(oldest);
      this.#bytes -= old.body.byteLength;
    }
    return true;
  }

  clear(): void {
    this.#pages.clear();
    this.#bytes = 0;
  }

  #observe(version: number): void {
    if (version > this.#version) {
      this.clear();
      this.#version = version;
    }
  }

  #remove(key: string): void {
    const page = this.#pages.get(key);
    if (!page) return;
    this.#pages.delete(key);
    this.#bytes -= page.body.byteLength;
  }
}
