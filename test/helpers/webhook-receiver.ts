import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local alert webhook endpoint as a receiver should be written: it verifies every
 * X-GPS-Signature, keeps one delivery per Idempotency-Key (a key seen before is acknowledged, not
 * counted twice), and refuses the first attempt at each key with 503 so that every delivery
 * goes through a Temporal retry.
 */
export interface WebhookPost {
  key: string;
  signatureValid: boolean;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in arrival order. */
  posts: WebhookPost[];
  /** The first accepted body per Idempotency-Key. */
  delivered: Map<string, unknown>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const posts: WebhookPost[] = [];
  const delivered = new Map<string, unknown>();
  const refused = new Set<string>();

  const verify = (raw: Buffer, header: string | undefined): boolean => {
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    const given = Buffer.from(header ?? '');
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const key = String(req.headers['idempotency-key']);
      const signatureValid = verify(raw, req.headers['x-gps-signature'] as string | undefined);
      let status = 200;
      if (!signatureValid) status = 401;
      else if (!refused.has(key)) {
        refused.add(key);
        status = 503;
      } else if (!delivered.has(key)) delivered.set(key, JSON.parse(raw.toString('utf8')));
      posts.push({ key, signatureValid, status });
      res.writeHead(status, status === 503 ? { 'retry-after': '1' } : {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/gps-alerts`,
    posts,
    delivered,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
