import { HttpStatusError, HttpTimeoutError, PayloadError, parseRetryAfter } from './odre-client';

/**
 * Reads one object from object storage over plain HTTP(S) by byte range: any S3/GCS/static
 * host, or an Azure Blob through a SAS URL (Blob storage answers Range, ETag and If-Match the
 * same way). Failures are the same typed errors as the ODRE client, so activities/errors.ts
 * decides what Temporal retries.
 */

export interface ObjectHead {
  url: string;
  size: number;
  /** Identity of this version of the object; a range read fails if it changes meanwhile. */
  etag: string;
  lastModified?: string;
}

/** The object was replaced while we were reading it: what we hold belongs to another version. */
export class SourceChangedError extends Error {
  override name = 'SourceChanged';
}

export interface ObjectRangeClientOptions {
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

function redact(url: string): string {
  // A SAS token or pre-signed query string is a credential: never put it in an error or audit row.
  const u = new URL(url);
  return u.search ? `${u.origin}${u.pathname}?…` : url;
}

export class ObjectRangeClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ObjectRangeClientOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new HttpTimeoutError(`no answer from ${redact(url)} within ${this.options.timeoutMs} ms`);
      }
      throw err;
    }
  }

  private async failOn(res: Response, url: string): Promise<never> {
    const snippet = (await res.text().catch(() => '')).slice(0, 200);
    throw new HttpStatusError(
      redact(url),
      res.status,
      parseRetryAfter(res.headers.get('retry-after')),
      snippet,
    );
  }

  async head(url: string): Promise<ObjectHead> {
    const res = await this.request(url, { method: 'HEAD' });
    if (!res.ok) return this.failOn(res, url);
    const size = Number(res.headers.get('content-length'));
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new PayloadError(`no usable Content-Length from ${redact(url)}`, 'schema', '');
    }
    if (!/bytes/i.test(res.headers.get('accept-ranges') ?? '')) {
      throw new PayloadError(`${redact(url)} does not serve byte ranges (Accept-Ranges)`, 'schema', '');
    }
    const lastModified = res.headers.get('last-modified') ?? undefined;
    // Without an ETag, size + Last-Modified is the best identity the server offers.
    const etag = res.headers.get('etag') ?? (lastModified ? `W/"${size}-${lastModified}"` : undefined);
    if (!etag) throw new PayloadError(`neither ETag nor Last-Modified from ${redact(url)}`, 'schema', '');
    return { url, size, etag, lastModified };
  }

  /**
   * Bytes `start..end` (inclusive) of the version `etag`; exactly that many or an error. With
   * `into`, the body is copied piece by piece into that buffer (a view of it is returned), so a
   * long download reuses one allocation instead of creating one per chunk.
   */
  async range(head: ObjectHead, start: number, end: number, into?: Buffer): Promise<Buffer> {
    const headers: Record<string, string> = { range: `bytes=${start}-${end}` };
    if (!head.etag.startsWith('W/')) headers['if-match'] = head.etag;
    const res = await this.request(head.url, { headers });
    if (res.status === 412) {
      await res.body?.cancel();
      throw new SourceChangedError(`${redact(head.url)} changed since ${head.etag}`);
    }
    if (res.status !== 206) {
      if (res.ok) {
        // A 200 would be the whole object, unbounded: refuse it rather than buffer it.
        await res.body?.cancel();
        throw new PayloadError(
          `${redact(head.url)} ignored the Range header (HTTP ${res.status})`,
          'schema',
          '',
        );
      }
      return this.failOn(res, head.url);
    }
    const expected = `bytes ${start}-${end}/${head.size}`;
    const contentRange = res.headers.get('content-range');
    if (contentRange !== expected) {
      await res.body?.cancel();
      if (contentRange && !contentRange.endsWith(`/${head.size}`)) {
        throw new SourceChangedError(`${redact(head.url)} changed size: ${contentRange}`);
      }
      throw new PayloadError(
        `unexpected Content-Range ${contentRange} (wanted ${expected})`,
        'malformed',
        '',
      );
    }
    const length = end - start + 1;
    const body = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
    let received = 0;
    try {
      for await (const piece of res.body ?? []) {
        const bytes = piece as Uint8Array;
        if (received + bytes.length > length) throw new Error(`more than the ${length} bytes announced`);
        body.set(bytes, received);
        received += bytes.length;
      }
    } catch (err) {
      throw new PayloadError(
        `body of ${expected} from ${redact(head.url)} cut short: ${(err as Error).message}`,
        'malformed',
        '',
      );
    }
    if (received !== length) {
      throw new PayloadError(
        `got ${received} bytes for ${expected} from ${redact(head.url)}`,
        'malformed',
        '',
      );
    }
    return body;
  }
}
