import type { Config } from '../activities/config';

/**
 * Whether the live eCO2mix API answers at all, asked once when `npm start` begins: without a
 * route to it, every ingestion would fail and retry with a stack trace each time, which tells a
 * newcomer less than one line saying so. Any HTTP answer, even an error status, counts as
 * reachable: only the network is in question here.
 */
export async function liveSourceUnreachable(config: Config, timeoutMs = 5_000): Promise<string | undefined> {
  const url = new URL(config.rte.baseUrl);
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    const reason =
      cause?.code ?? ((err as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : String(err));
    return `live mode: cannot reach ${url.origin} (${reason}); without internet, run npm run start:replay to serve the bundled recorded data`;
  }
}
