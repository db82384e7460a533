import { Link, useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { RunsTabs } from '../components/RunsTabs';
import { Empty, ErrorState, Loading } from '../components/states';
import { TableScroll } from '../components/TableScroll';
import { TypedAndChosenFilters } from '../components/TypedAndChosenFilters';
import { WebUiLink } from '../components/WebUiLink';
import { WindowFilter } from '../components/WindowFilter';
import { useWorkflowRuns, type RunFilters } from '../data/runs';
import { windowFromSearch } from '../data/window';
import { formatNumber } from '../format/numbers';
import { RUN_STATUSES, runStatusLabel as statusLabel } from '../format/run-status';
import { formatDuration, formatParisDateTime } from '../format/time';
import type { WorkflowRunStatus } from '../gql/graphql';
import { runPath } from './run-path';

const STATUSES = RUN_STATUSES;

/** The filters live in the address (`/runs?source=rte-regional&status=FAILED&from=…`). */
function filtersFromSearch(search: URLSearchParams): RunFilters {
  const status = search.get('status');
  return {
    ...windowFromSearch(search),
    workflowType: search.get('type') || undefined,
    source: search.get('source') || undefined,
    status: status && status in STATUSES ? (status as WorkflowRunStatus) : undefined,
  };
}

// Visibility takes plain identifiers only; the API refuses anything else.
const IDENTIFIER = '[A-Za-z0-9_.\\-]*';

/** Workflow runs from Temporal visibility, each opening its detail and its history in the Temporal Web UI. */
export function RunsPage() {
  const [search] = useSearchParams();
  const filters = filtersFromSearch(search);
  return (
    <>
      <h1>Workflow runs</h1>
      <RunsTabs />
      <TypedAndChosenFilters
        label="Filter the runs"
        typed={[
          { param: 'source', label: 'Source', placeholder: 'rte-regional', pattern: IDENTIFIER },
          { param: 'type', label: 'Workflow type', placeholder: 'ingestRteRegional', pattern: IDENTIFIER },
        ]}
        chosen={{ param: 'status', label: 'Status', options: STATUSES }}
      />
      <WindowFilter current={filters} />
      <RunList key={search.toString()} filters={filters} />
    </>
  );
}

function RunList({ filters }: { filters: RunFilters }) {
  const pages = useCursorPages();
  const runs = useWorkflowRuns(filters, pages.after);
  const page = runs.data;

  if (runs.error) return <ErrorState error={runs.error} retry={() => void runs.refetch()} />;
  if (!page) return <Loading what="the workflow runs" />;
  return (
    <>
      <DataAge updatedAt={runs.dataUpdatedAt} />
      {page.nodes.length === 0 ? (
        <Empty>No run matches these filters.</Empty>
      ) : (
        <TableScroll label="Workflow runs">
          <table className="run-list">
            <caption>Runs, most recent first{pages.page > 1 ? `, page ${pages.page}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">What it did</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((r) => (
                <tr key={`${r.workflowId}/${r.runId}`} data-workflow-id={r.workflowId}>
                  <td>
                    <WebUiLink href={r.webUiUrl}>{r.type}</WebUiLink>
                    <div className="run-id">
                      <Link to={runPath(r.workflowId, r.runId)}>{r.workflowId}</Link>
                    </div>
                  </td>
                  <td>{r.source ?? '—'}</td>
                  <td data-field="status">{statusLabel(r.status)}</td>
                  <td>{formatParisDateTime(r.startTime)}</td>
                  <td className="num">{formatDuration(r.durationMs)}</td>
                  <td className="num">{formatNumber(r.rows)}</td>
                  <td>{r.failureMessage ?? r.summary ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager label="Pages of runs" pages={pages} pageInfo={page.pageInfo} />
    </>
  );
}
