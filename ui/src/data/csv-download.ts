import { getAccessToken } from '../auth/token';
import { apiUrl } from './api-url';
import { regionalCsvUrl } from './csv-export';
import type { TimeRange } from './range';

/**
 * A plain link cannot carry the bearer token, so the file is fetched with it and handed to the
 * browser as a Blob; the name is the API's (content-disposition). Refusals throw the API's message.
 */
export async function downloadRegionalCsv(region: string, range: TimeRange): Promise<void> {
  const res = await fetch(apiUrl(regionalCsvUrl(region, range)), {
    headers: { authorization: `Bearer ${await getAccessToken()}` },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `the API answered HTTP ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? `regional-production_${region}.csv`;
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
