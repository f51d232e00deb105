// The archive on S3 or an S3-compatible server (path-style addressing when AWS_ENDPOINT_URL is set).
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ArchiveLocation } from './location.ts';
import type { ArchiveStore } from './store.ts';

export class S3Store implements ArchiveStore {
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
