import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { Empty, ErrorState, Loading } from '../components/states';
import { TableScroll } from '../components/TableScroll';
import { WebUiLink } from '../components/WebUiLink';
import { useWorkflowRuns, type RunFilters } from '../data/runs';
import { formatNumber } from '../format/numbers';
import { RUN_STATUSES, runStatusLabel as statusLabel } from '../format/run-status';
import { formatDuration, formatParisDateTime } from '../format/time';
import type { WorkflowRunStatus } from '../gql/graphql';

const STATUSES = RUN_STATUSES;

/** The filters live in the address (`/runs?source=rte-regional&status=FAILED`). */
function filtersFromSearch(search: URLSearchParams): RunFilters {
  const status = search.get('status');
  return {
    source: search.get('source') || undefined,
    status: status && status in STATUSES ? (status as WorkflowRunStatus) : undefined,
  };
}

/** Workflow runs from Temporal visibility, each linking to its history in the Temporal Web UI. */
export function RunsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  // The source is typed: applied on submit, not at each keystroke.
  const [source, setSource] = useState(filters.source ?? '');

  const apply = (next: RunFilters) => {
    const params = new URLSearchParams();
    if (next.source) params.set('source', next.source);
    if (next.status) params.set('status', next.status);
    setSearch(params);
  };

  return (
    <>
      <h1>Workflow runs</h1>
      <form
        className="map-controls"
        aria-label="Filter the runs"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ ...filters, source: source.trim() || undefined });
        }}
      >
        <label>
          Source
          <input
            value={source}
            onChange={(e) => setSource(e.target.value)}
            placeholder="rte-regional"
            // Visibility takes plain identifiers only; the API refuses anything else.
            pattern="[A-Za-z0-9_.\-]*"
          />
        </label>
        <label>
          Status
          <select
            value={filters.status ?? ''}
            onChange={(e) =>
              apply({ ...filters, status: (e.target.value || undefined) as RunFilters['status'] })
            }
          >
            <option value="">Any</option>
            {Object.entries(STATUSES).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
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
                    <div className="run-id">{r.workflowId}</div>
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
