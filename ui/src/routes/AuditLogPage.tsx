import { Link, useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { RunsTabs } from '../components/RunsTabs';
import { Empty, ErrorState, Loading } from '../components/states';
import { TableScroll } from '../components/TableScroll';
import { TypedAndChosenFilters } from '../components/TypedAndChosenFilters';
import { WindowFilter } from '../components/WindowFilter';
import { AUDIT_STATUSES, useAuditLog, type AuditFilters } from '../data/audit';
import { windowFromSearch } from '../data/window';
import { formatNumber } from '../format/numbers';
import { isFailure } from '../format/run-status';
import { formatDuration, formatParisDateTime } from '../format/time';
import { runPath } from './run-path';

/** The filters live in the address (`/runs/audit?source=rte-regional&status=failed&from=…`). */
function filtersFromSearch(search: URLSearchParams): AuditFilters {
  return {
    ...windowFromSearch(search),
    source: search.get('source') || undefined,
    status: search.get('status') || undefined,
  };
}

/** The pipeline's ingestion audit, event by event, each event opening the run that wrote it. */
export function AuditLogPage() {
  const [search] = useSearchParams();
  const filters = filtersFromSearch(search);
  return (
    <>
      <h1>Audit log</h1>
      <RunsTabs />
      <TypedAndChosenFilters
        label="Filter the audit log"
        typed={{ param: 'source', label: 'Source', placeholder: 'rte-regional' }}
        chosen={{ param: 'status', label: 'Status', options: AUDIT_STATUSES }}
      />
      <WindowFilter current={filters} />
      <AuditList key={search.toString()} filters={filters} />
    </>
  );
}

function AuditList({ filters }: { filters: AuditFilters }) {
  const pages = useCursorPages();
  const log = useAuditLog(filters, pages.after);
  const page = log.data;

  if (log.error) return <ErrorState error={log.error} retry={() => void log.refetch()} />;
  if (!page) return <Loading what="the audit log" />;
  return (
    <>
      <DataAge updatedAt={log.dataUpdatedAt} />
      {page.nodes.length === 0 ? (
        <Empty>No audit event matches these filters.</Empty>
      ) : (
        <TableScroll label="Audit events">
          <table className="audit-list">
            <caption>Audit events, newest first{pages.page > 1 ? `, page ${pages.page}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Step</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempt
                </th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Bytes
                </th>
                <th scope="col" className="num">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((e) => (
                <tr key={e.id} data-audit-id={e.id} className={isFailure(e.status) ? 'row-fail' : undefined}>
                  <td>{formatParisDateTime(e.at)}</td>
                  <td>
                    {e.step}
                    <div className="run-id">
                      <Link to={runPath(e.workflowId, e.runId)}>{e.workflowId}</Link>
                    </div>
                  </td>
                  <td>{e.source}</td>
                  <td data-field="status">
                    {e.status}
                    {e.error && <div className="run-id">{e.error}</div>}
                  </td>
                  <td className="num">{e.attempt}</td>
                  <td className="num">{formatNumber(e.rows)}</td>
                  <td className="num">{formatNumber(e.bytes)}</td>
                  <td className="num">{formatDuration(e.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager label="Pages of audit events" pages={pages} pageInfo={page.pageInfo} />
    </>
  );
}
