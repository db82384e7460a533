import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';

/**
 * A local stand-in for object storage (S3 / Azure Blob / any static HTTP host) serving files by
 * byte range, so the ERA5 source runs its real HTTP code without internet. It answers like those
 * services do where our client depends on it: HEAD with Content-Length + ETag + Accept-Ranges,
 * `Range: bytes=a-b` -> 206 with Content-Range, `If-Match` -> 412 when the object changed, 416
 * for a range past the end. Faults are queued per request: a status (503 + Retry-After), a body
 * cut short, a delay, or a slow trickle.
 */

export type ObjectFault =
  /** Answer this request normally: places the next fault on a later request. */
  | { kind: 'pass' }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number }
  | { kind: 'slow'; bytesPerSecond: number };

export interface ObjectRequest {
  method: string;
  path: string;
  /** Inclusive byte range asked for, when the request had a Range header. */
  range?: { start: number; end: number };
  status: number;
  bytesSent: number;
  at: number;
}

export interface ObjectStoreServer {
  url: string;
  /** Publishes a local file at `<url>/<name>`; publishing again (new content) changes the ETag. */
  publish(name: string, file: string): Promise<string>;
  urlOf(name: string): string;
  injectFaults(...faults: ObjectFault[]): void;
  /** Delay applied to every request until changed (0 = none): keeps a download running long enough to interrupt. */
  setLatency(ms: number): void;
  requests: ObjectRequest[];
  close(): Promise<void>;
}

interface Published {
  file: string;
  size: number;
  etag: string;
  lastModified: string;
}

const RANGE = /^bytes=(\d*)-(\d*)$/;

function parseRange(header: string, size: number): { start: number; end: number } | 'invalid' | undefined {
  const m = RANGE.exec(header.trim());
  if (!m) return undefined; // multi-range or another unit: served whole, as servers may
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

export async function startObjectStoreServer(options: { port?: number } = {}): Promise<ObjectStoreServer> {
  const objects = new Map<string, Published>();
  const faults: ObjectFault[] = [];
  const requests: ObjectRequest[] = [];
  let latencyMs = 0;
  let generation = 0;

  const server = http.createServer(async (req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://objects').pathname.replace(/^\/+/, ''));
    const record: ObjectRequest = {
      method: req.method ?? 'GET',
      path: name,
      status: 0,
      bytesSent: 0,
      at: Date.now(),
    };
    requests.push(record);
    const reply = (status: number, headers: Record<string, string | number> = {}, body = '') => {
      record.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };

    const fault = faults.shift();
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      return reply(fault.status, headers, `injected ${fault.status}`);
    }

    const object = objects.get(name);
    if (!object) return reply(404, { 'content-type': 'text/plain' }, `no object ${name}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, { allow: 'GET, HEAD' });
    const common = {
      etag: object.etag,
      'last-modified': object.lastModified,
      'accept-ranges': 'bytes',
      'content-type': 'application/vnd.apache.parquet',
    };
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== '*' && ifMatch !== object.etag) return reply(412, { etag: object.etag });
    if (req.method === 'HEAD') return reply(200, { ...common, 'content-length': object.size });

    let start = 0;
    let end = object.size - 1;
    let status = 200;
    const rangeHeader = req.headers.range;
    if (rangeHeader) {
      const range = parseRange(rangeHeader, object.size);
      if (range === 'invalid') return reply(416, { 'content-range': `bytes */${object.size}` });
      if (range) {
        ({ start, end } = range);
        record.range = range;
        status = 206;
      }
    }
    const length = end - start + 1;
    record.status = status;
    res.writeHead(status, {
      ...common,
      'content-length': length,
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${object.size}` } : {}),
    });
    // A truncated answer promises the whole length, sends half, then drops the connection.
    const sendEnd = fault?.kind === 'truncate' ? start + Math.floor(length / 2) - 1 : end;
    const stream = createReadStream(object.file, {
      start,
      end: sendEnd,
      highWaterMark: fault?.kind === 'slow' ? 16 * 1024 : 64 * 1024,
    });
    stream.on('data', (chunk) => (record.bytesSent += chunk.length));
    try {
      if (fault?.kind === 'slow') {
        for await (const chunk of stream) {
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
          await new Promise((r) => setTimeout(r, (1000 * chunk.length) / fault.bytesPerSecond));
        }
        res.end();
      } else {
        await pipeline(stream, res, { end: fault?.kind !== 'truncate' });
      }
      if (fault?.kind === 'truncate') res.destroy();
    } catch {
      res.destroy(); // the client went away: nothing to answer
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    urlOf: (name) => `${url}/${name.split('/').map(encodeURIComponent).join('/')}`,
    async publish(name, file) {
      const stat = await fs.stat(file);
      // Like S3 without MD5 or nginx: size and mtime, plus a counter so a republish always differs.
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}-${(++generation).toString(16)}"`;
      objects.set(name, { file, size: stat.size, etag, lastModified: stat.mtime.toUTCString() });
      return etag;
    },
    injectFaults: (...f) => void faults.push(...f),
    setLatency: (ms) => void (latencyMs = ms),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
