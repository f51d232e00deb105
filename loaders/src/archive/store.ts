// The two archive back ends behind one small interface: a local folder and S3 (or any
// S3-compatible server, addressed path-style when AWS_ENDPOINT_URL is given).
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

class S3Store implements ArchiveStore {
  private readonly client: S3Client;
  readonly url: string;

  constructor(private readonly location: Extract<ArchiveLocation, { kind: 's3' }>) {
    this.url = location.url;
    // Credentials and region come from the standard AWS chain (env, profile, instance role).
    this.client = new S3Client({
      endpoint: location.endpoint,
      forcePathStyle: location.endpoint !== undefined,
      region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1',
    });
  }

  private full(key: string): string {
    return this.location.prefix ? `${this.location.prefix}/${key}` : key;
  }

  async put(key: string, body: Buffer, contentType: string, contentEncoding?: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.location.bucket,
        Key: this.full(key),
        Body: body,
        ContentType: contentType,
        ContentEncoding: contentEncoding,
        ...(this.location.kmsKeyId
          ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.location.kmsKeyId }
          : { ServerSideEncryption: 'AES256' as const }),
      },
    });
    await upload.done();
  }

  async get(key: string): Promise<Buffer> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.full(key) }));
    return Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    const strip = this.location.prefix ? this.location.prefix.length + 1 : 0;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.full(prefix), ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(strip));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  close(): void {
    this.client.destroy();
  }
}

export function openStore(location: ArchiveLocation): ArchiveStore {
  return location.kind === 'file' ? new FileStore(location.dir, location.url) : new S3Store(location);
}
