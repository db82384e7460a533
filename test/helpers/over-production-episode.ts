import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { parse as parseYaml, stringify } from 'yaml';
import { loadFixture } from '../../replay/odre-replay-server';
import { syntheticEco2mixRegional } from '../../replay/synthetic-eco2mix';
import type { TestPlatform } from './platform';

/**
 * A synthetic over-production episode replayed through the real regional ingestion, which starts
 * evaluateAlerts as an abandoned child (`alerts-<window end>`). Shared by the alerts pipeline's
 * integration test and the console's e2e test of the banner.
 */

export const QH = 900_000;
/** The region given the surplus (Pays de la Loire: no nuclear, so its own ratio is well under 1). */
export const SURPLUS_REGION = '52';

const newest = Math.max(...loadFixture('eco2mix-regional-tr').map((r) => Date.parse(String(r.date_heure))));
/** The first synthetic quarter-hour: on the hour, after the replayed captures end. */
export const T0 = Math.ceil((newest + QH) / 3_600_000) * 3_600_000 + 2 * 3_600_000;

/**
 * alerts.yaml with the baseline turned off (minBaselineSamples 0): the replay has no 28 days.
 * Without a baseline the bar is the absolute ratio alone.
 */
export function relaxedAlertRules() {
  const rules = parseYaml(readFileSync(path.join(__dirname, '../../alerts.yaml'), 'utf8'));
  rules.overProduction.minBaselineSamples.value = 0;
  const file = path.join(os.tmpdir(), `gps-alerts-${process.pid}.yaml`);
  writeFileSync(file, stringify(rules));
  return { file, rules, remove: () => rmSync(file, { force: true }) };
}

/**
 * Publishes quarter-hours [from, to) after T0 for every region; on `surplus` ones the surplus
 * region's wind gains twice its consumption (exported), so its ratio is its own plus 2.
 * Answers the window end the alerts child is named after.
 */
export function publishEpisode(
  platform: TestPlatform,
  from: number,
  to: number,
  surplus: (q: number) => boolean,
): string {
  const records = [...syntheticEco2mixRegional(new Date(T0 + from * QH), to - from, 7 + from)].map((r) => {
    const q = Math.round((Date.parse(String(r.date_heure)) - T0) / QH);
    if (r.code_insee_region !== SURPLUS_REGION || !surplus(q)) return r;
    const extra = 2 * Number(r.consommation);
    return {
      ...r,
      eolien: Number(r.eolien) + extra,
      ech_physiques: Number(r.ech_physiques) - extra,
    };
  });
  platform.replay.publish('eco2mix-regional-tr', records);
  return new Date(T0 + to * QH).toISOString();
}

/** One regional ingestion cycle, then its alerts child to the end. */
export async function ingestCycle(
  env: TestWorkflowEnvironment,
  platform: TestPlatform,
  name: string,
  windowEnd: string,
): Promise<void> {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  await env.client.workflow.execute('ingestRteRegional', {
    taskQueue: ingest,
    workflowId: `alerts-it-${name}`,
    args: [{ transformTaskQueue: transform }],
  });
  await env.client.workflow.getHandle(`alerts-${windowEnd}`).result();
}
