import type { Knex } from 'knex';
import * as operations from '../../db/migrations/20261128_002_operations';
import * as alertsMigration from '../../db/migrations/20261201_019_alerts';
import {
  AlertActionRefused,
  applyAlertLifecycle,
  applyOperatorAction,
  type LifecycleOptions,
} from '../../activities/alerts/store';
import { at, result } from '../helpers/alert-results';
import { memoryDb } from '../helpers/memory-db';

/** The alert lifecycle on SQLite: open, update in place, resolve, and nothing twice on a retry. */

const origin = { workflowId: 'alerts-test', runId: 'r1', workflowType: 'evaluateAlerts', attempt: 1 };
const opts = (now: string): LifecycleOptions => ({ resolveAfterClearQuarterHours: 4, now, by: 'alerts' });

let db: Knex;
beforeEach(async () => {
  db = memoryDb();
  await operations.up(db);
  await alertsMigration.up(db);
});
afterEach(async () => {
  await db.destroy();
});

const alerts = () => db('alerts').orderBy('id');
const auditSteps = async () =>
  (await db('ingestion_audit').orderBy('id')).map((r) => `${r.step}/${r.source}/${r.status}`);

test('an episode opens one alert; its continuation in the next window updates it; it resolves after 4 clear quarter-hours', async () => {
  // Window 1: quarter-hours 0..8, the episode runs 4..7.
  const t1 = await applyAlertLifecycle(db, origin, [result(0, 8, [4, 5, 6, 7])], opts(at(8)));
  expect(t1.map((t) => t.event)).toEqual(['open']);
  // Window 2: it goes on from 4 to 11 (the rule sees it from its start) and rises to medium.
  const again = result(0, 12, [4, 5, 6, 7, 8, 9, 10, 11], 'medium');
  const t2 = await applyAlertLifecycle(db, origin, [again], opts(at(12)));
  expect(t2.map((t) => [t.event, t.alertId, t.severity])).toEqual([['update', 1, 'medium']]);
  // The same evaluation once more (a retry) changes nothing; window 3 has 12..15 clear: resolved.
  expect(await applyAlertLifecycle(db, origin, [again], opts(at(12)))).toEqual([]);
  const t3 = await applyAlertLifecycle(db, origin, [result(8, 16, [8, 9, 10, 11])], opts(at(17)));
  expect(t3.map((t) => [t.event, t.from, t.to])).toEqual([['resolve', 'open', 'resolved']]);
  const rows = await alerts();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    status: 'resolved',
    severity: 'medium',
    region_code: '52',
    kind: 'OVER_PRODUCTION',
  });
  expect(new Date(rows[0].episode_start).toISOString()).toBe(at(4));
  expect(new Date(rows[0].episode_end).toISOString()).toBe(at(11));
  expect(
    (await db('alert_transitions').orderBy('id')).map((r) => `${r.from_status}->${r.to_status}`),
  ).toEqual(['null->open', 'open->open', 'open->resolved']);
  expect(await auditSteps()).toEqual([
    'alert-open/alerts/event',
    'alert-update/alerts/event',
    'alert-resolve/alerts/event',
  ]);
});

test('a retried evaluation records nothing twice', async () => {
  const r = result(0, 8, [2, 3, 4, 5]);
  await applyAlertLifecycle(db, origin, [r], opts(at(8)));
  expect(await applyAlertLifecycle(db, origin, [r], opts(at(8)))).toEqual([]);
  expect(await alerts()).toHaveLength(1);
  expect(await db('ingestion_audit')).toHaveLength(1);
});

test('three clear quarter-hours do not resolve; a gap in the data counts neither way', async () => {
  await applyAlertLifecycle(db, origin, [result(0, 4, [0, 1, 2, 3])], opts(at(4)));
  // 4, 5, 6 clear, then no data: still open.
  expect(await applyAlertLifecycle(db, origin, [result(0, 7, [0, 1, 2, 3])], opts(at(9)))).toEqual([]);
  // The episode comes back at 10 after the gap: the same alert.
  const back = result(0, 14, [0, 1, 2, 3, 10, 11, 12, 13]);
  back.evaluated = back.evaluated.filter((e) => e.tsUtc < at(7) || e.tsUtc >= at(10));
  const t = await applyAlertLifecycle(db, origin, [back], opts(at(14)));
  expect(t.map((x) => [x.event, x.alertId])).toEqual([['update', 1]]);
});

test('a one-quarter-hour dip in an episode arriving a quarter-hour at a time stays one alert', async () => {
  await applyAlertLifecycle(db, origin, [result(0, 8, [4, 5, 6, 7])], opts(at(8)));
  // 8 dips; 9, 10, 11 hold again but are not yet a qualifying run: only 8 is clear.
  const forming = result(0, 12, [4, 5, 6, 7], 'low', '52', 'OVER_PRODUCTION', [9, 10, 11]);
  expect(await applyAlertLifecycle(db, origin, [forming], opts(at(12)))).toEqual([]);
  // 12 completes the run 9..12: it continues the same alert.
  const t = await applyAlertLifecycle(db, origin, [result(0, 13, [4, 5, 6, 7, 9, 10, 11, 12])], opts(at(13)));
  expect(t.map((x) => [x.event, x.alertId])).toEqual([['update', 1]]);
  expect(await alerts()).toHaveLength(1);
});

test('a new episode after a clear spell opens a second alert; kinds and subjects are apart', async () => {
  const t = await applyAlertLifecycle(
    db,
    origin,
    [result(0, 16, [0, 1, 2, 3, 10, 11, 12, 13]), result(0, 16, [0, 1, 2, 3], 'low', null)],
    opts(at(16)),
  );
  expect(t.map((x) => [x.event, x.alertId, x.regionCode])).toEqual([
    ['open', 1, '52'],
    ['resolve', 1, '52'],
    ['open', 2, '52'],
    ['open', 3, null],
    ['resolve', 3, null],
  ]);
  const open = await db('alerts').where({ status: 'open' });
  expect(open.map((a) => a.id)).toEqual([2]);
});

test('an acknowledged alert keeps its status when updated and resolves from acknowledged', async () => {
  await applyAlertLifecycle(db, origin, [result(0, 4, [0, 1, 2, 3])], opts(at(4)));
  await db('alerts').update({ status: 'acknowledged', acknowledged_at: at(4), acknowledged_by: 'operator' });
  const t = await applyAlertLifecycle(db, origin, [result(0, 12, [0, 1, 2, 3, 4, 5, 6, 7])], opts(at(12)));
  expect(t.map((x) => [x.event, x.from, x.to])).toEqual([
    ['update', 'acknowledged', 'acknowledged'],
    ['resolve', 'acknowledged', 'resolved'],
  ]);
});

describe("an operator's acknowledge and resolve", () => {
  const operatorRun = (runId: string) => ({
    workflowId: `alert-x-1-${runId}`,
    runId,
    workflowType: 'changeAlertStatus',
    attempt: 1,
  });
  const act = (runId: string, action: 'acknowledge' | 'resolve', note?: string) =>
    applyOperatorAction(db, operatorRun(runId), {
      alertId: 1,
      action,
      by: 'oid-1',
      byName: 'Ada',
      note,
      now: at(20),
    });

  test('acknowledge then resolve: the alert, its transition and its audit row, with who and the note', async () => {
    await applyAlertLifecycle(db, origin, [result(0, 8, [4, 5, 6, 7])], opts(at(8)));
    const ack = await act('run-ack', 'acknowledge', 'on it');
    expect(ack).toMatchObject({ event: 'acknowledge', from: 'open', to: 'acknowledged', existed: false });
    const resolved = await act('run-resolve', 'resolve', 'curtailed');
    expect(resolved).toMatchObject({ event: 'resolve', from: 'acknowledged', to: 'resolved' });
    const [alert] = await alerts();
    expect(alert).toMatchObject({ status: 'resolved', acknowledged_by: 'oid-1', resolved_by: 'oid-1' });
    expect(new Date(alert.episode_end).toISOString()).toBe(at(7));
    expect(alert.notes).toBe(`${at(20)} oid-1 acknowledge: on it\n${at(20)} oid-1 resolve: curtailed`);
    const transitions = await db('alert_transitions').orderBy('id');
    expect(transitions.slice(1).map((t) => [t.from_status, t.to_status, t.by, t.note])).toEqual([
      ['open', 'acknowledged', 'oid-1', 'on it'],
      ['acknowledged', 'resolved', 'oid-1', 'curtailed'],
    ]);
    const audit = await db('ingestion_audit').orderBy('id');
    expect(
      audit.slice(1).map((r) => [r.step, r.run_id, JSON.parse(r.details).by, JSON.parse(r.details).byName]),
    ).toEqual([
      ['alert-acknowledge', 'run-ack', 'oid-1', 'Ada'],
      ['alert-resolve', 'run-resolve', 'oid-1', 'Ada'],
    ]);
  });

  test('a retried attempt of the same run returns what it applied; another run is refused', async () => {
    await applyAlertLifecycle(db, origin, [result(0, 8, [4, 5, 6, 7])], opts(at(8)));
    const first = await act('run-ack', 'acknowledge');
    const retried = await act('run-ack', 'acknowledge');
    expect(retried).toMatchObject({ transitionId: first.transitionId, existed: true });
    await expect(act('run-other', 'acknowledge')).rejects.toThrow(
      new AlertActionRefused('alert 1 is acknowledged: acknowledge applies only to open alerts', 'illegal'),
    );
    expect(await db('alert_transitions')).toHaveLength(2);
  });

  test('a resolved alert is refused, an unknown one is not found; nothing is written', async () => {
    await applyAlertLifecycle(db, origin, [result(0, 12, [4, 5, 6, 7])], opts(at(12)));
    expect((await alerts())[0].status).toBe('resolved');
    await expect(act('run-late', 'resolve')).rejects.toMatchObject({ reason: 'illegal' });
    await expect(
      applyOperatorAction(db, operatorRun('run-9'), { alertId: 9, action: 'resolve', by: 'x', now: at(20) }),
    ).rejects.toMatchObject({ reason: 'not-found', message: 'alert 9 does not exist' });
    expect(await db('alert_transitions')).toHaveLength(2);
    expect(await db('ingestion_audit')).toHaveLength(2);
  });

  test('resolved by hand while the condition holds: the next evaluation opens a new alert', async () => {
    await applyAlertLifecycle(db, origin, [result(0, 8, [4, 5, 6, 7])], opts(at(8)));
    await act('run-resolve', 'resolve', 'handled');
    // The run goes on: the lifecycle continues only open or acknowledged alerts.
    const t = await applyAlertLifecycle(
      db,
      origin,
      [result(0, 12, [4, 5, 6, 7, 8, 9, 10, 11])],
      opts(at(12)),
    );
    expect(t.map((x) => [x.event, x.alertId])).toEqual([['open', 2]]);
    expect((await alerts()).map((a) => [a.id, a.status])).toEqual([
      [1, 'resolved'],
      [2, 'open'],
    ]);
  });
});
