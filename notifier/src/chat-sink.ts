// A local chat-webhook sink for the demo and tests: accepts any POST, answers 200 (or the status
// it is told to), and writes each request as a .json file {path, content_type, body} (or only
// counts it when no folder is given). Listens on loopback by default.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface ChatSinkRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ChatSink {
  port: number;
  host: string;
  url: string;
  received(): ChatSinkRequest[];
  /** The HTTP status the next requests get (default 200). */
  answerWith(status: number): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startChatSink(
  options: { port?: number; host?: string; dir?: string | null } = {},
): Promise<ChatSink> {
  const host = options.host ?? '127.0.0.1';
  const requests: ChatSinkRequest[] = [];
  let status = 200;
  if (options.dir) await mkdir(options.dir, { recursive: true });
  const server = createServer((request, response) => {
    let body = '';
    let tooLarge = false;
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      if (body.length + chunk.length > MAX_BODY) tooLarge = true;
      else body += chunk;
    });
    request.on('end', () => {
      if (tooLarge) return void response.writeHead(413).end();
      const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
      requests.push(received);
      const answer = () => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      if (!options.dir) return answer();
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.json`;
      const record = { path: received.path, content_type: request.headers['content-type'] ?? null, body };
      writeFile(join(options.dir, name), `${JSON.stringify(record, null, 2)}\n`).then(answer, () =>
        response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    received: () => requests,
    answerWith: (next) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
