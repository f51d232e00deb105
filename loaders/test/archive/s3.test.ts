// The archive on S3: moto's server on loopback as the S3-compatible endpoint (path-style),
// nothing mocked in the SDK. Objects carry their content type, encoding and encryption, and a
// warehouse is restored from the bucket.
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type FakeApi, startFakeApi } from '@jobs/fake-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from '../../../tests/support/moto.ts';
import type { TestDatabase } from '../../../tests/support/pg.ts';
import { archivePending } from '../../src/archive/archive.ts';
import { archiveLocation } from '../../src/archive/location.ts';
import { restoreArchive } from '../../src/archive/restore.ts';
import { openStore } from '../../src/archive/store.ts';
import { silentLogger } from '../../src/log.ts';
import { extractJobs } from '../../src/pipeline/extract-jobs.ts';
import { jobPostingsResource } from '../../src/sources/jsearch/resource.ts';
import { fastConfig, insertProfile, warehouse } from '../helpers/setup.ts';

const BUCKET = 'jobs-archive-test';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

let moto: MotoServer;
let api: FakeApi;
let s3: S3Client;
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  // The SDK reads credentials from the standard chain; here, the environment.
  Object.assign(process.env, CREDENTIALS);
  [moto, api] = await Promise.all([startMoto(), startFakeApi({ seed: 23, resultsPerQuery: 15 })]);
  s3 = new S3Client({ endpoint: moto.url, forcePathStyle: true, region: 'us-east-1' });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  s3?.destroy();
  await api?.close();
  await moto?.stop();
  for (const pool of pools) await pool.end();
  for (const db of databases) await db.drop();
  process.env = saved;
});

describe('archive on an S3-compatible server', () => {
  it('writes gzip NDJSON objects with manifests under the prefix, encrypted, and restores them', async () => {
    const source = await warehouse('archive_s3_src');
    const target = await warehouse('archive_s3_dst');
    databases.push(source.db, target.db);
    pools.push(source.pool, target.pool);
    await insertProfile(source.pool, { query: 'analyst', country: 'us', date_window: 'month' });
    const landed = await extractJobs(source.pool, fastConfig(api.url), silentLogger, {});
    const rows = landed.totals.rows_landed;
    expect(rows).toBeGreaterThan(0);

    const location = archiveLocation(
      { ARCHIVE_URL: `s3://${BUCKET}/team/raw-archive`, AWS_ENDPOINT_URL: moto.url },
      '',
    );
    const store = await openStore(location);
    try {
      const archived = await archivePending(source.pool, store, jobPostingsResource, silentLogger);
      expect(archived).toMatchObject({ objects: 1, rows, failed: 0 });
      expect(await archivePending(source.pool, store, jobPostingsResource, silentLogger)).toMatchObject({ objects: 0 });

      const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const keys = (listed.Contents ?? []).map((object) => object.Key as string).sort();
      const loadId = landed.profiles[0]?.load_id as string;
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
      expect(keys).toEqual([
        `team/raw-archive/raw/jsearch_job_postings/${day}/${loadId}.manifest.json`,
        `team/raw-archive/raw/jsearch_job_postings/${day}/${loadId}.ndjson.gz`,
      ]);
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: keys[1] }));
      expect(head).toMatchObject({
        ContentType: 'application/x-ndjson',
        ContentEncoding: 'gzip',
        ServerSideEncryption: 'AES256',
      });

      await insertProfile(target.pool, { query: 'analyst', country: 'us', date_window: 'month' });
      const today = new Date().toISOString().slice(0, 10);
      const restored = await restoreArchive(target.pool, store, [jobPostingsResource], [today], silentLogger);
      expect(restored).toMatchObject({ loads_restored: 1, rows_landed: rows, failed: 0 });
      const { rows: counts } = await target.pool.query(
        'select count(*)::int as count from raw.jsearch_job_postings where dwh_load_id = $1',
        [loadId],
      );
      expect(counts[0].count).toBe(rows);
    } finally {
      store.close();
    }
  }, 120_000);
});
