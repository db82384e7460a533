import type { Knex } from 'knex';
import type { Page } from 'puppeteer-core';
import { AlertDocument, type AlertQuery } from '../../ui/src/gql/graphql';
import { graphqlAs } from './azure-api';
import { waitForText } from './console-page';

/** An alert as the API answers the console's own `Alert` document. */
export async function alertFromApi(
  apiUrl: string,
  id: number,
  token: string,
): Promise<NonNullable<AlertQuery['alert']>> {
  const res = await graphqlAs(apiUrl, token, AlertDocument.toString(), { id });
  expect(res.status).toBe(200);
  return (res.body.data as AlertQuery).alert!;
}

/** An Admin tab acknowledges alert `id` with a note, and waits for the screen to say so. */
export async function acknowledgeInConsole(page: Page, apiUrl: string, id: number, note: string) {
  await page.goto(`${apiUrl}/alerts/${id}`);
  await page.waitForSelector('button[data-action="acknowledge"]', { timeout: 15_000 });
  await page.type('.alert-actions textarea', note);
  await page.click('button[data-action="acknowledge"]');
  await waitForText(page, '[data-testid="alert-status"]', 'Acknowledged', 30_000);
}

/** Who the `ingestion_audit` rows of an alert's acknowledge name: one row per acknowledge. */
export async function acknowledgeAuditedBy(db: Knex, id: number): Promise<string[]> {
  const rows = await db('ingestion_audit').where({ source: 'alerts', step: 'alert-acknowledge' });
  return rows
    .map((r) => JSON.parse(r.details))
    .filter((d) => d.alertId === id)
    .map((d) => d.by);
}
