import { MockActivityEnvironment } from '@temporalio/testing';
import knex, { type Knex } from 'knex';
import * as migration from '../../db/migrations/20261201_014_schedule_changes';
import { createScheduleChangeActivities } from '../../activities/schedule-changes';
import type { ScheduleChangeInput } from '../../lib/domain/schedule-changes';
import { formatDuration } from '../../graphql/temporal/schedules-admin';
import { visibilityQuery } from '../../graphql/temporal/runs';
import { refusal } from '../helpers/refusal';
import { memoryDb } from '../helpers/memory-db';

/**
 * The schedule_changes table on the three dialects, the audit activity's idempotence, and the
 * visibility query the API builds (values are validated, never escaped).
 */

async function ddlOf(client: 'mssql' | 'pg'): Promise<string> {
  const db = knex({ client });
  const statements: string[] = [];
  const recorder = {
    schema: {
      createTable: (name: string, build: (t: Knex.CreateTableBuilder) => void) => {
        statements.push(db.schema.createTable(name, build).toString());
        return Promise.resolve();
      },
    },
  } as unknown as Knex;
  await migration.up(recorder);
  await db.destroy();
  return statements.join('\n');
}

describe('migration 014 schedule_changes', () => {
  test('compiles to T-SQL and PostgreSQL with the unique run id and the schedule index', async () => {
    const tsql = await ddlOf('mssql');
    expect(tsql).toContain('CREATE TABLE [schedule_changes] ([id] int identity(1,1) not null primary key');
    expect(tsql).toContain('[at] datetimeoffset not null');
    expect(tsql).toContain('[before_state] nvarchar(max) not null, [after_state] nvarchar(max) not null');
    expect(tsql).toContain('CREATE UNIQUE INDEX [ux_schedule_changes_run] ON [schedule_changes] ([run_id])');
    expect(tsql).toContain(
      'CREATE INDEX [ix_schedule_changes_schedule] ON [schedule_changes] ([schedule_id], [id])',
    );
    const pg = await ddlOf('pg');
    expect(pg).toContain('"at" timestamptz not null');
    expect(pg).toContain('"before_state" text not null');
    expect(pg).toContain('constraint "ux_schedule_changes_run" unique ("run_id")');
  });

  let db: Knex;
  beforeEach(async () => {
    db = memoryDb();
    await migration.up(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  test('runs up and down on SQLite; a run id is written once', async () => {
    const row = {
      schedule_id: 's',
      operation: 'pause',
      subject: 'alice',
      at: '2026-12-01T00:00:00.000Z',
      before_state: '{}',
      after_state: '{}',
      request_id: 'r',
      workflow_id: 'w',
      run_id: 'run-1',
    };
    await db('schedule_changes').insert(row);
    expect(await refusal(db('schedule_changes').insert(row))).toMatch(/UNIQUE/);
    await migration.down(db);
    expect(await db.schema.hasTable('schedule_changes')).toBe(false);
  });

  test('the activity writes one row per workflow run, also when an attempt is retried', async () => {
    const { insertScheduleChange } = createScheduleChangeActivities({ db });
    const input: ScheduleChangeInput = {
      scheduleId: 'rte-regional-ingest',
      operation: 'updateSpec',
      subject: 'alice@example.org',
      at: '2026-12-01T10:00:00.000Z',
      before: { spec: 'every 15m' },
      after: { spec: 'every 30m' },
      details: { every: '30m' },
      requestId: 'req-1',
    };
    const env = new MockActivityEnvironment({
      workflowExecution: { workflowId: 'schedule-change-req-1-updateScheduleSpec', runId: 'run-a' },
    });
    const first = await env.run(insertScheduleChange, input);
    const retried = await env.run(insertScheduleChange, input);
    expect(first).toEqual({ id: 1, existed: false });
    expect(retried).toEqual({ id: 1, existed: true });
    const rows = await db('schedule_changes');
    expect(rows).toEqual([
      {
        id: 1,
        schedule_id: 'rte-regional-ingest',
        operation: 'updateSpec',
        subject: 'alice@example.org',
        subject_name: null,
        at: '2026-12-01T10:00:00.000Z',
        before_state: '{"spec":"every 15m"}',
        after_state: '{"spec":"every 30m"}',
        details: '{"every":"30m"}',
        request_id: 'req-1',
        workflow_id: 'schedule-change-req-1-updateScheduleSpec',
        run_id: 'run-a',
      },
    ]);
    // Another run of the same workflow id (a reused request id, later) is another change.
    const later = new MockActivityEnvironment({
      workflowExecution: { workflowId: 'schedule-change-req-1-updateScheduleSpec', runId: 'run-b' },
    });
    expect(await later.run(insertScheduleChange, input)).toEqual({ id: 2, existed: false });
  });
});

describe('visibility query and durations', () => {
  test('filters become one visibility query; times are formatted by the API', () => {
    expect(
      visibilityQuery({
        workflowType: 'ingestRteRegional',
        status: 'FAILED',
        source: 'rte-regional',
        from: new Date('2025-02-20T00:00:00Z'),
        to: new Date('2025-02-21T00:00:00+01:00'),
      }),
    ).toBe(
      "WorkflowType = 'ingestRteRegional' AND ExecutionStatus = 'Failed' AND GpsSource = 'rte-regional' AND " +
        "StartTime >= '2025-02-20T00:00:00.000Z' AND StartTime < '2025-02-20T23:00:00.000Z'",
    );
    expect(visibilityQuery({})).toBe('');
    expect(visibilityQuery({ status: 'CANCELED' })).toBe("ExecutionStatus = 'Canceled'");
  });

  test.each([["x' OR '1'='1"], ['a"b'], ['a b'], ['a\\b'], ['-leading-dash'], ['é'], ['x'.repeat(101)]])(
    '%j is not a plain identifier: refused',
    (value) => {
      expect(() => visibilityQuery({ source: value })).toThrow(/plain identifier/);
      expect(() => visibilityQuery({ workflowType: value })).toThrow(/plain identifier/);
    },
  );

  test('durations print in temporal.yaml notation', () => {
    expect([900_000, 3_600_000, 86_400_000, 90_000, 5_400_000, 1_500].map(formatDuration)).toEqual([
      '15m',
      '1h',
      '1d',
      '90s',
      '90m',
      '1500ms',
    ]);
  });
});
