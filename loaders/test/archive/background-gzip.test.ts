// The archive's background gzip: chunks compressed apart on a worker thread join into one ordinary
// gzip member (any gunzip reads it, and its trailer covers every byte), with its SHA-256, on a thread
// that runs at the lowest priority so landing keeps the CPU.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BackgroundGzip } from '../../src/archive/background-gzip.ts';

const chunks = [
  Buffer.from('{"job_id":"a"}\n'),
  Buffer.from(`{"text":"${'ünïcödé, 求人 '.repeat(5000)}"}\n`),
  Buffer.alloc(200_000, '{"x":1}\n'),
];
const whole = Buffer.concat(chunks);

// The nice values of this process's threads (Linux: /proc/self/task/<tid>/stat, field 19).
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('BackgroundGzip', () => {
  it('joins chunks compressed apart into one gzip member of them all, with its SHA-256', async () => {
    const gzip = new BackgroundGzip();
    for (const chunk of chunks) gzip.write(chunk);
    const { pieces, sha256 } = await gzip.end();
    const body = Buffer.concat(pieces);

    expect(gunzipSync(body).equals(whole)).toBe(true);
    expect(sha256).toBe(createHash('sha256').update(body).digest('hex'));
    // One member: the header once, and the last 8 bytes are the CRC-32 and length of every chunk
    // (a gzip of members would end with the last chunk's alone).
    expect([...body.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    expect(body.indexOf(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), 1)).toBe(-1);
    expect(body.readUInt32LE(body.length - 8)).toBe(crc32(whole));
    expect(body.readUInt32LE(body.length - 4)).toBe(whole.length);
  });

  it('keeps streams apart, in order, and a destroyed one out of the others', async () => {
    const first = new BackgroundGzip();
    const dropped = new BackgroundGzip();
    const second = new BackgroundGzip();
    first.write(Buffer.from('one '));
    dropped.write(Buffer.from('never'));
    second.write(Buffer.from('two '));
    dropped.destroy();
    dropped.write(Buffer.from('after destroy'));
    first.write(Buffer.from('1'));
    second.write(Buffer.from('2'));

    const [a, b] = await Promise.all([first.end(), second.end()]);
    expect(gunzipSync(Buffer.concat(a.pieces)).toString()).toBe('one 1');
    expect(gunzipSync(Buffer.concat(b.pieces)).toString()).toBe('two 2');
  });

  it('rejects end() when the worker fails on a chunk, and keeps serving other streams', async () => {
    const broken = new BackgroundGzip(99); // not a zlib level
    broken.write(Buffer.from('lost'));
    await expect(broken.end()).rejects.toThrow(/archive gzip worker: .*level/i);

    const next = new BackgroundGzip();
    next.write(Buffer.from('still works'));
    expect(gunzipSync(Buffer.concat((await next.end()).pieces)).toString()).toBe('still works');
  });

  it('compresses on a thread at the lowest priority', async () => {
    const gzip = new BackgroundGzip();
    gzip.write(Buffer.from('started'));
    await gzip.end();
    expect(threadNiceValues()).toContain(19);
  });
});
