// Gzip on a worker thread that runs at the lowest CPU priority: every archive body is compressed
// and hashed here (spool.ts while a load lands, archive.ts when one is read back from raw), so
// compressing while landing takes only CPU time that landing leaves idle. zlib's own async streams run on
// libuv's shared thread pool at normal priority: on a 2-core machine their compression took the
// core the loader's main thread needed between COPY round trips, and landing with the archive
// on took about 10 % longer than landing alone.
//
// Each stream is one ordinary gzip member (RFC 1952): every chunk is deflated on its own and ended
// with a sync flush, so the blocks join into one deflate stream (a back-reference never reaches
// before its own chunk), and the CRC-32 runs across them. Any gunzip reads it.
import { Worker } from 'node:worker_threads';

// The worker's code, plain JavaScript (it runs without the TypeScript loader). Messages arrive
// and are answered in order, so one FIFO of waiting callers on this side matches the answers.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { constants, crc32, deflateRawSync } = require('node:zlib');
// On Linux a thread's nice value is its own: this lowers the worker's thread only.
try { require('node:os').setPriority(19); } catch {}
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const streams = new Map();
parentPort.on('message', ({ stream, input, end, level }) => {
  try {
    let state = streams.get(stream);
    if (!state) streams.set(stream, (state = { crc: 0, size: 0, started: false, hash: createHash('sha256') }));
    const parts = [];
    if (!state.started) { parts.push(HEADER); state.started = true; }
    if (input) {
      const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
      parts.push(deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH }));
      state.crc = crc32(bytes, state.crc);
      state.size += bytes.length;
    }
    if (end) {
      streams.delete(stream);
      // An empty final block ends the deflate stream; the trailer is CRC-32 and length mod 2^32.
      parts.push(deflateRawSync(Buffer.alloc(0), { level }));
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(state.crc >>> 0, 0);
      trailer.writeUInt32LE(state.size % 0x100000000, 4);
      parts.push(trailer);
    }
    const output = Buffer.concat(parts);
    state.hash.update(output);
    parentPort.postMessage(end ? { output, sha256: state.hash.digest('hex') } : { output });
  } catch (error) {
    streams.delete(stream);
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

interface Answer {
  output: Buffer;
  sha256?: string;
}

interface Waiting {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

class GzipWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private readonly waiting: Waiting[] = [];
  private nextStream = 0;
  // Set once the worker has died: every later message fails at once instead of waiting forever.
  private failure: Error | undefined;

  constructor() {
    // Only a pending answer keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (answer: { output?: Uint8Array; sha256?: string; error?: string }) => {
      const caller = this.waiting.shift();
      if (this.waiting.length === 0) this.worker.unref();
      if (!caller) return;
      if (answer.error !== undefined) caller.reject(new Error(`archive gzip worker: ${answer.error}`));
      else {
        const output = answer.output as Uint8Array;
        caller.resolve({
          output: Buffer.from(output.buffer, output.byteOffset, output.byteLength),
          sha256: answer.sha256,
        });
      }
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`archive gzip worker exited with code ${code}`)));
  }

  stream(): number {
    return this.nextStream++;
  }

  send(message: { stream: number; input?: Buffer; end?: boolean; level: number }): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Answer>((resolve, reject) => {
      // Posted first: a message that cannot be sent rejects before anything waits for its answer.
      this.worker.postMessage(message);
      if (this.waiting.length === 0) this.worker.ref();
      this.waiting.push({ resolve, reject });
    });
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    if (sharedWorker === this) sharedWorker = undefined;
    for (const caller of this.waiting.splice(0)) caller.reject(error);
  }
}

// One worker per process, started when the first archive body is compressed (again after a crash).
let sharedWorker: GzipWorker | undefined;
function gzipWorker(): GzipWorker {
  if (!sharedWorker) sharedWorker = new GzipWorker();
  return sharedWorker;
}

// One gzip member compressed in the background: write() chunks in order, then end() for the whole
// member, or destroy() to abandon it. Chunk outputs are collected in order; a failure anywhere
// rejects end().
export class BackgroundGzip {
  private readonly worker = gzipWorker();
  private readonly stream = this.worker.stream();
  private readonly outputs: Promise<Answer>[] = [];
  private destroyed = false;

  constructor(private readonly level = 1) {}

  write(input: Buffer): void {
    if (this.destroyed) return;
    const output = this.worker.send({ stream: this.stream, input, level: this.level });
    output.catch(() => undefined); // reported by end()
    this.outputs.push(output);
  }

  // The member's bytes, in pieces, and the SHA-256 of all of them (computed on the worker too).
  async end(): Promise<{ pieces: Buffer[]; sha256: string }> {
    const last = this.worker.send({ stream: this.stream, end: true, level: this.level });
    const answers = await Promise.all([...this.outputs, last]);
    return { pieces: answers.map((answer) => answer.output), sha256: answers.at(-1)?.sha256 as string };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    // The worker forgets the stream once it is ended; its output is not wanted.
    this.worker.send({ stream: this.stream, end: true, level: this.level }).catch(() => undefined);
  }
}
