import type { RetentionStepInput, ZoneRetention } from '../../activities/retention';
import type { RetentionSummary } from '../../workflows/apply-retention';
import { INGEST_QUEUE, timeSkippingSuite, withWorkers } from '../helpers/time-skipping';

/**
 * The retention workflow's own logic: zone order, calling again while a zone has more, one cutoff
 * instant for every call, and the bounds that keep a run (and its history) finite.
 */

const suite = timeSkippingSuite();

let runs = 0;
const applyRetention = (input: { dryRun?: boolean; limit?: number } = {}): Promise<RetentionSummary> =>
  suite.env.client.workflow.execute('applyRetention', {
    taskQueue: INGEST_QUEUE,
    workflowId: `retention-${++runs}`,
    args: [input],
  });

/** A step answering from a script per zone: each call takes the zone's next answer (the last repeats). */
function scripted(script: Partial<Record<RetentionStepInput['zone'], Partial<ZoneRetention>[]>>) {
  const calls: RetentionStepInput[] = [];
  const applyRetentionStep = async (input: RetentionStepInput): Promise<ZoneRetention> => {
    calls.push(input);
    const answers = script[input.zone] ?? [{}];
    const seen = calls.filter((c) => c.zone === input.zone).length;
    const answer = answers[Math.min(seen, answers.length) - 1] ?? {};
    return {
      zone: input.zone,
      cutoff: '2026-09-02T03:17:00.000Z',
      dryRun: input.dryRun,
      deleted: 0,
      bytes: 0,
      more: false,
      ...answer,
    };
  };
  return { calls, applyRetentionStep };
}

test('zones in order, a zone called again while it has more, totals summed, one cutoff instant', async () => {
  const { calls, applyRetentionStep } = scripted({
    bronze: [
      { deleted: 2000, bytes: 10, more: true },
      { deleted: 2000, bytes: 20, more: true },
      { deleted: 7, bytes: 3 },
    ],
    silver: [{ cutoff: undefined }],
    audit: [{ deleted: 12 }],
  });
  const summary = await withWorkers(suite.env, { ingest: { applyRetentionStep } }, () =>
    applyRetention({ limit: 2000 }),
  );
  expect(calls.map((c) => c.zone)).toEqual(['quarantine', 'bronze', 'bronze', 'bronze', 'silver', 'audit']);
  expect(new Set(calls.map((c) => c.asOf))).toEqual(new Set([summary.asOf]));
  expect(calls.every((c) => c.dryRun === false && c.limit === 2000)).toBe(true);
  expect(summary.zones.bronze).toEqual({
    cutoff: '2026-09-02T03:17:00.000Z',
    deleted: 4007,
    bytes: 33,
    unfinished: false,
  });
  expect(summary.zones.silver).toEqual({ deleted: 0, bytes: 0, unfinished: false });
  expect(summary.zones.audit.deleted).toBe(12);

  const memo = (await suite.env.client.workflow.getHandle(`retention-${runs}`).describe()).memo as {
    summary: string;
  };
  expect(memo.summary).toContain('silver: kept forever');
  expect(memo.summary).toContain('bronze: 4007 (33 bytes) before 2026-09-02T03:17:00.000Z');
});

test('a dry run is passed to every call', async () => {
  const { calls, applyRetentionStep } = scripted({ bronze: [{ deleted: 5 }] });
  const summary = await withWorkers(suite.env, { ingest: { applyRetentionStep } }, () =>
    applyRetention({ dryRun: true }),
  );
  expect(summary.dryRun).toBe(true);
  expect(calls).toHaveLength(4);
  expect(calls.every((c) => c.dryRun)).toBe(true);
});

test('"more" with nothing deleted stops the zone instead of looping', async () => {
  const { calls, applyRetentionStep } = scripted({ silver: [{ deleted: 0, more: true }] });
  await withWorkers(suite.env, { ingest: { applyRetentionStep } }, () => applyRetention());
  expect(calls.filter((c) => c.zone === 'silver')).toHaveLength(1);
});

test('a backlog beyond 200 calls is left for the next run, marked unfinished', async () => {
  const { calls, applyRetentionStep } = scripted({ quarantine: [{ deleted: 1, bytes: 1, more: true }] });
  const summary = await withWorkers(suite.env, { ingest: { applyRetentionStep } }, () =>
    applyRetention({ limit: 1 }),
  );
  expect(calls.filter((c) => c.zone === 'quarantine')).toHaveLength(200);
  expect(summary.zones.quarantine).toMatchObject({ deleted: 200, unfinished: true });
  // The other zones still run.
  expect(calls.slice(200).map((c) => c.zone)).toEqual(['bronze', 'silver', 'audit']);
});
