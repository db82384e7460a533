import { Link } from 'react-router';
import type { WorkflowRunQuery } from '../gql/graphql';
import { formatNumber } from '../format/numbers';
import { enumLabel, isFailure } from '../format/run-status';
import { formatDuration, formatParisDateTime } from '../format/time';
import { runPath } from '../routes/run-path';
import { Empty } from './states';
import { TableScroll } from './TableScroll';

type Run = WorkflowRunQuery['workflowRun'];
const when = (iso: string | null | undefined) => (iso ? formatParisDateTime(iso) : '—');
const failClass = (status: string) => (isFailure(status) ? 'row-fail' : undefined);

/** The API returns one page of each part; a history longer than that is the Web UI's to show. */
function MoreInWebUi({ more }: { more: boolean }) {
  return more ? <p className="data-age">More than this page: the Temporal Web UI has the rest.</p> : null;
}

/** Each activity once, however often it was retried: its attempts and the last failure say how it went. */
export function RunActivities({ activities }: { activities: Run['activities'] }) {
  if (activities.nodes.length === 0) return <Empty>This run scheduled no activity.</Empty>;
  return (
    <>
      <TableScroll label="Activities">
        <table className="run-activities">
          <caption>Activities, in scheduling order</caption>
          <thead>
            <tr>
              <th scope="col">Activity</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Scheduled</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Last failure</th>
            </tr>
          </thead>
          <tbody>
            {activities.nodes.map((a) => (
              <tr key={a.activityId} data-activity={a.activityType} className={failClass(a.status)}>
                <td data-field="type">{a.activityType}</td>
                <td>{enumLabel(a.status)}</td>
                <td className="num" data-field="attempts">
                  {a.attempts}
                </td>
                <td>{when(a.scheduledAt)}</td>
                <td className="num">{formatDuration(a.durationMs)}</td>
                <td>{a.lastFailure ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <MoreInWebUi more={activities.pageInfo.hasNextPage} />
    </>
  );
}

export function RunChildren({ childRuns }: { childRuns: Run['childWorkflows'] }) {
  if (childRuns.nodes.length === 0) return <Empty>This run started no child workflow.</Empty>;
  return (
    <>
      <TableScroll label="Child workflows">
        <table>
          <caption>Child workflows, in the order started</caption>
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Closed</th>
              <th scope="col">Failure</th>
            </tr>
          </thead>
          <tbody>
            {childRuns.nodes.map((c) => (
              <tr key={`${c.workflowId}/${c.runId}`} className={failClass(c.status)}>
                <td>
                  {c.type}
                  <div className="run-id">
                    <Link to={runPath(c.workflowId, c.runId)}>{c.workflowId}</Link>
                  </div>
                </td>
                <td>{enumLabel(c.status)}</td>
                <td>{when(c.initiatedAt)}</td>
                <td>{when(c.closedAt)}</td>
                <td>{c.failure ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <MoreInWebUi more={childRuns.pageInfo.hasNextPage} />
    </>
  );
}

/** The run's ingestion_audit rows and its children's: what each step wrote. */
export function RunSteps({ steps }: { steps: Run['ingestionSteps'] }) {
  if (steps.nodes.length === 0) return <Empty>This run wrote no ingestion audit row.</Empty>;
  return (
    <TableScroll label="Audit steps">
      <table className="run-steps">
        <caption>Ingestion audit, one line per workflow and step</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Bytes
            </th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {steps.nodes.map((s) => (
            <tr key={`${s.workflowId}/${s.step}`} data-step={s.step} className={failClass(s.status)}>
              <td>
                {s.step}
                <div className="run-id">{s.workflowId}</div>
              </td>
              <td>
                {s.status}
                {s.error && <div className="run-id">{s.error}</div>}
              </td>
              <td className="num">{formatNumber(s.rows)}</td>
              <td className="num">{formatNumber(s.bytes)}</td>
              <td>{when(s.startedAt ?? s.finishedAt)}</td>
              <td className="num">{formatDuration(s.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
