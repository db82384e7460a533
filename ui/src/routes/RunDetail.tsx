import { Link, useParams, useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { RunActivities, RunChildren, RunSteps } from '../components/RunParts';
import { ErrorState, Loading } from '../components/states';
import { WebUiLink } from '../components/WebUiLink';
import { useWorkflowRun } from '../data/runs';
import { formatNumber } from '../format/numbers';
import { runStatusLabel } from '../format/run-status';
import { formatDuration, formatParisDateTime } from '../format/time';
import { runPath } from './run-path';

/** One run (`/runs/:workflowId?runId=…`, the id's latest run without it): what it did, step by step. */
export function RunDetail() {
  const workflowId = useParams().workflowId ?? '';
  const runId = useSearchParams()[0].get('runId') ?? undefined;
  const run = useWorkflowRun(workflowId, runId);
  const r = run.data;

  return (
    <>
      <p>
        <Link to="/runs">All runs</Link>
      </p>
      {run.isPending && <Loading what={`run ${workflowId}`} />}
      {run.error && <ErrorState error={run.error} retry={() => void run.refetch()} />}
      {r && (
        <>
          <div className="page-head">
            <h1>
              {r.type} <span className="run-id">{r.workflowId}</span>
            </h1>
            <DataAge updatedAt={run.dataUpdatedAt} />
          </div>
          <dl className="kpis alert-facts">
            <div className="kpi">
              <dt>Status</dt>
              <dd data-testid="run-status">{runStatusLabel(r.status)}</dd>
            </div>
            <div className="kpi">
              <dt>Source</dt>
              <dd>{r.source ?? '—'}</dd>
            </div>
            <div className="kpi">
              <dt>Duration</dt>
              <dd>{formatDuration(r.durationMs)}</dd>
            </div>
            <div className="kpi">
              <dt>Rows</dt>
              <dd>{formatNumber(r.rows)}</dd>
            </div>
          </dl>
          <dl className="schedule-facts">
            <dt>Started</dt>
            <dd>{formatParisDateTime(r.startTime)}</dd>
            <dt>Closed</dt>
            <dd>{r.closeTime ? formatParisDateTime(r.closeTime) : 'still running'}</dd>
            <dt>Attempt</dt>
            <dd>{r.attempts}</dd>
            <dt>Run id</dt>
            <dd className="run-id">{r.runId}</dd>
            {r.parentWorkflowId && (
              <>
                <dt>Started by</dt>
                <dd>
                  <Link to={runPath(r.parentWorkflowId, r.parentRunId)}>{r.parentWorkflowId}</Link>
                </dd>
              </>
            )}
            <dt>What it did</dt>
            <dd className={r.failureMessage ? 'run-failure' : undefined}>
              {r.failureMessage ?? r.summary ?? '—'}
            </dd>
          </dl>
          <p>
            <WebUiLink href={r.webUiUrl}>Its history in the Temporal Web UI</WebUiLink>
          </p>
          <h2>Activities</h2>
          <RunActivities activities={r.activities} />
          <h2>Child workflows</h2>
          <RunChildren childRuns={r.childWorkflows} />
          <h2>Ingestion audit</h2>
          <RunSteps steps={r.ingestionSteps} />
        </>
      )}
    </>
  );
}
