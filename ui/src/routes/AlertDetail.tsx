import { Link, useParams } from 'react-router';
import { AlertActions } from '../components/AlertActions';
import { AlertEvidence } from '../components/AlertEvidence';
import { DataAge } from '../components/DataAge';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAlert } from '../data/alerts';
import { useRegionNames } from '../data/regions';
import { useIsAdmin } from '../data/viewer';
import { alertSubject, KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS } from '../format/alert-labels';
import { formatParisDateTime } from '../format/time';
import { TableScroll } from '../components/TableScroll';

/** One alert: what it is, the rule's evidence, its lifecycle, and for an Admin the actions. */
export function AlertDetail() {
  const id = Number(useParams().id);
  const alert = useAlert(id);
  const names = useRegionNames();
  const isAdmin = useIsAdmin();
  const a = alert.data;

  return (
    <>
      <p>
        <Link to="/alerts">All alerts</Link>
      </p>
      {alert.isPending && <Loading what={`alert ${id}`} />}
      {alert.error && <ErrorState error={alert.error} retry={() => void alert.refetch()} />}
      {alert.isSuccess && !a && <Empty>There is no alert {id}.</Empty>}
      {a && (
        <>
          <div className="page-head">
            <h1>
              Alert #{a.id}: {KIND_LABELS[a.kind]}, {alertSubject(a.regionCode, names)}
            </h1>
            <DataAge updatedAt={alert.dataUpdatedAt} />
          </div>
          <dl className="kpis alert-facts">
            <div className="kpi">
              <dt>Status</dt>
              <dd data-testid="alert-status">{STATUS_LABELS[a.status]}</dd>
            </div>
            <div className="kpi">
              <dt>Severity</dt>
              <dd>{SEVERITY_LABELS[a.severity]}</dd>
            </div>
            <div className="kpi">
              <dt>Episode start</dt>
              <dd>{formatParisDateTime(a.episodeStart)}</dd>
            </div>
            <div className="kpi">
              <dt>{a.episodeEnd ? 'Episode end' : 'Last seen'}</dt>
              <dd>{formatParisDateTime(a.episodeEnd ?? a.lastSeenAt)}</dd>
            </div>
          </dl>
          {isAdmin && <AlertActions id={a.id} status={a.status} />}
          <section aria-labelledby="evidence-title">
            <h2 id="evidence-title">Evidence</h2>
            <AlertEvidence json={a.evidence} />
          </section>
          <section aria-labelledby="lifecycle-title">
            <h2 id="lifecycle-title">Lifecycle</h2>
            <TableScroll label="Lifecycle">
              <table data-testid="alert-transitions">
                <caption>Every change, oldest first (an update by the evaluation keeps the status)</caption>
                <thead>
                  <tr>
                    <th scope="col">Change</th>
                    <th scope="col">At</th>
                    <th scope="col">By</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {a.transitions.map((t) => (
                    <tr key={t.id}>
                      <td>
                        {t.from ? `${STATUS_LABELS[t.from]} → ` : 'Opened: '}
                        {STATUS_LABELS[t.to]}
                      </td>
                      <td>{formatParisDateTime(t.at)}</td>
                      <td>{t.by}</td>
                      <td>{t.note ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
        </>
      )}
    </>
  );
}
