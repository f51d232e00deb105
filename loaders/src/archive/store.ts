// The two archive back ends behind one small interface: a local folder and S3 (or any
// S3-compatible server, addressed path-style when AWS_ENDPOINT_URL is given).
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArchiveLocation } from './location.ts';

export interface ArchiveStore {
  readonly url: string;
  put(key: string, body: Buffer, contentType: string, contentEncoding?: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  // Keys under a prefix, sorted.
  list(prefix: string): Promise<string[]>;
  close(): void;
}

class FileStore implements ArchiveStore {
  constructor(
    private readonly dir: string,
    readonly url: string,
  ) {}

  async put(key: string, body: Buffer): Promise<void> {
    const path = join(this.dir, key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a reader never sees half an object.
    const partial = `${path}.partial`;
    await writeFile(partial, body);
    await rename(partial, path);
  }

  get(key: string): Promise<Buffer> {
    return readFile(join(this.dir, key));
  }

  async list(prefix: string): Promise<string[]> {
    const entries = await readdir(join(this.dir, prefix)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return entries
      .filter((name) => !name.endsWith('.partial'))
      .map((name) => `${prefix}${name}`)
      .sort();
  }

  close(): void {}
}

// The AWS SDK is loaded only when the archive is on S3 (it is large, and warns on Node 20).
export async function openStore(location: ArchiveLocation): Promise<ArchiveStore> {
  if (location.kind === 'file') return new FileStore(location.dir, location.url);
  const { S3Store } = await import('./s3-store.ts');
  return new S3Store(location);
}
