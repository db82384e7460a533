import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { IngestActivities } from '../../activities';
import { notifyAlertWorkflowId, type AlertNotification } from '../../lib/domain/alert-notification';
import { FailureType } from '../../lib/domain/failure-types';
import type { NotifyAlertResult } from '../../workflows/notify-alert';
import {
  gapsBetween,
  INGEST_QUEUE,
  recordAttempt,
  timeSkippingSuite,
  withWorkers,
  type Attempt,
} from '../helpers/time-skipping';

/**
 * notifyAlert on the time-skipping server: each channel under the NOTIFY policy (5 s, doubling,
 * 12 attempts), a 4xx stopping at once, one channel's failure leaving the other alone.
 */

const suite = timeSkippingSuite();

let transitions = 0;
function notification(): AlertNotification {
  return {
    alertId: 42,
    transitionId: ++transitions,
    kind: 'OVER_PRODUCTION',
    regionCode: 'FR-OCC',
    severity: 'critical',
    transition: 'opened',
    at: '2026-04-12T10:00:00.000Z',
    summary: 'Occitanie solar above 95 % of installed capacity',
    evidence: { ratio: 0.97 },
  };
}

function run(n: AlertNotification): Promise<NotifyAlertResult> {
  return suite.env.client.workflow.execute('notifyAlert', {
    taskQueue: INGEST_QUEUE,
    workflowId: notifyAlertWorkflowId(n),
    args: [{ notification: n }],
  });
}

const http = (status: number) =>
  ApplicationFailure.create({
    message: `HTTP ${status} from http://receiver/hook`,
    type: status >= 500 ? FailureType.HttpServerError : FailureType.HttpClientError,
    nonRetryable: status < 500,
  });

/** Each gap is the policy's interval plus the few real milliseconds an attempt takes. */
function expectGaps(gaps: number[], intervals: number[]): void {
  expect(gaps).toHaveLength(intervals.length);
  gaps.forEach((gap, i) => {
    expect(gap).toBeGreaterThanOrEqual(intervals[i] as number);
    expect(gap).toBeLessThan((intervals[i] as number) + 1_000);
  });
}

const emailSkipped = {
  async sendAlertEmail() {
    return { delivered: false, skipped: 'no alert e-mail configured (GPS_ALERT_SMTP_URL)' } as const;
  },
};

test('the webhook failing twice with 503 is retried after 5 s then 10 s and delivered once', async () => {
  const log: Attempt[] = [];
  const keys: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async postAlertWebhook(n) {
      const attempt = await recordAttempt(suite.env, log);
      keys.push(`alert-${n.alertId}-${n.transitionId}`);
      if (attempt.attempt <= 2) throw http(503);
      return { delivered: true, detail: 'HTTP 200' };
    },
    ...emailSkipped,
  };
  const n = notification();
  const result = await withWorkers(suite.env, { ingest }, () => run(n));
  expect(result).toEqual({
    webhook: { status: 'delivered', detail: 'HTTP 200' },
    email: { status: 'skipped', reason: 'no alert e-mail configured (GPS_ALERT_SMTP_URL)' },
  });
  expect(log.map((a) => a.attempt)).toEqual([1, 2, 3]);
  expectGaps(gapsBetween(log, 'postAlertWebhook'), [5_000, 10_000]);
  expect(new Set(keys)).toEqual(new Set([`alert-42-${n.transitionId}`]));
  const memo = (await suite.env.client.workflow.getHandle(notifyAlertWorkflowId(n)).describe()).memo;
  expect(memo).toMatchObject({ webhook: 'delivered', email: 'skipped' });
  expect(memo?.summary).toBe('alert 42 opened: webhook delivered, e-mail skipped');
});

test('a 400 stops at once: one attempt, the channel failed with HttpClientError, the run succeeds', async () => {
  const log: Attempt[] = [];
  const ingest: Partial<IngestActivities> = {
    async postAlertWebhook() {
      await recordAttempt(suite.env, log);
      throw http(400);
    },
    ...emailSkipped,
  };
  const result = await withWorkers(suite.env, { ingest }, () => run(notification()));
  expect(log).toHaveLength(1);
  expect(result.webhook).toMatchObject({ status: 'failed', failureType: FailureType.HttpClientError });
  expect(result.email.status).toBe('skipped');
});

test('the e-mail failing on every attempt does not stop the webhook', async () => {
  const log: Attempt[] = [];
  const ingest: Partial<IngestActivities> = {
    async postAlertWebhook() {
      await recordAttempt(suite.env, log);
      return { delivered: true, detail: 'HTTP 202' };
    },
    async sendAlertEmail() {
      await recordAttempt(suite.env, log);
      throw new Error('connect ECONNREFUSED 127.0.0.1:25');
    },
  };
  const result = await withWorkers(suite.env, { ingest }, () => run(notification()));
  expect(result.webhook).toEqual({ status: 'delivered', detail: 'HTTP 202' });
  expect(result.email).toMatchObject({ status: 'failed', message: 'connect ECONNREFUSED 127.0.0.1:25' });
  expect(log.filter((a) => a.activity === 'postAlertWebhook')).toHaveLength(1);
  // NOTIFY: 12 attempts, the backoff doubling from 5 s and capped at 10 min.
  expectGaps(
    gapsBetween(log, 'sendAlertEmail'),
    [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000, 600_000],
  );
});

test('a second start of the same transition is refused under REJECT_DUPLICATE', async () => {
  const ingest: Partial<IngestActivities> = {
    async postAlertWebhook() {
      return { delivered: true, detail: 'HTTP 200' };
    },
    ...emailSkipped,
  };
  const n = notification();
  await withWorkers(suite.env, { ingest }, async () => {
    const options = {
      taskQueue: INGEST_QUEUE,
      workflowId: notifyAlertWorkflowId(n),
      args: [{ notification: n }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    };
    await suite.env.client.workflow.execute('notifyAlert', options);
    await expect(suite.env.client.workflow.start('notifyAlert', options)).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
  });
});
