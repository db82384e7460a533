import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAlerts, type AlertFilters } from '../data/alerts';
import { useRegions } from '../data/regions';
import { alertSubject, KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS } from '../format/alert-labels';
import { formatParisDateTime } from '../format/time';
import type { AlertKind, AlertStatus } from '../gql/graphql';
import { TableScroll } from '../components/TableScroll';

/** The filters live in the address (`/alerts?status=OPEN&region=75`), so a view can be shared. */
function filtersFromSearch(search: URLSearchParams): AlertFilters {
  const status = search.get('status');
  const kind = search.get('kind');
  return {
    status: status && status in STATUS_LABELS ? (status as AlertStatus) : undefined,
    kind: kind && kind in KIND_LABELS ? (kind as AlertKind) : undefined,
    regionCode: search.get('region') || undefined,
  };
}

export function AlertsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const regions = useRegions();
  const names = useMemo(() => new Map(regions.data?.map((r) => [r.code, r.name])), [regions.data]);

  const setFilter = (name: 'status' | 'kind' | 'region', value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };

  return (
    <>
      <h1>Alerts</h1>
      <form className="map-controls" aria-label="Filter the alerts" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">Any</option>
            {Object.entries(STATUS_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">Any</option>
            {Object.entries(KIND_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Region
          <select value={filters.regionCode ?? ''} onChange={(e) => setFilter('region', e.target.value)}>
            {/* The API lists national alerts only when no region is given. */}
            <option value="">Any, and France</option>
            {regions.data?.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {/* A new filter starts again at the first page. */}
      <AlertList key={search.toString()} filters={filters} names={names} />
    </>
  );
}

function AlertList({ filters, names }: { filters: AlertFilters; names: Map<string, string> }) {
  const pages = useCursorPages();
  const alerts = useAlerts(filters, pages.after);
  const page = alerts.data;

  if (alerts.error) return <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />;
  if (!page) return <Loading what="the alerts" />;
  return (
    <>
      <DataAge updatedAt={alerts.dataUpdatedAt} />
      {page.nodes.length === 0 ? (
        <Empty>No alert matches these filters.</Empty>
      ) : (
        <TableScroll label="Alerts">
          <table className="alert-list">
            <caption>Alerts, newest first{pages.page > 1 ? `, page ${pages.page}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Where</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Episode start</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((a) => (
                <tr key={a.id} data-alert={a.id}>
                  <td>
                    <Link to={`/alerts/${a.id}`}>
                      #{a.id} {KIND_LABELS[a.kind]}
                    </Link>
                  </td>
                  <td>{alertSubject(a.regionCode, names)}</td>
                  <td>
                    <span className={`badge severity-${a.severity.toLowerCase()}`}>
                      {SEVERITY_LABELS[a.severity]}
                    </span>
                  </td>
                  <td data-field="status">{STATUS_LABELS[a.status]}</td>
                  <td>{formatParisDateTime(a.episodeStart)}</td>
                  <td>{formatParisDateTime(a.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager label="Pages of alerts" pages={pages} pageInfo={page.pageInfo} />
    </>
  );
}
