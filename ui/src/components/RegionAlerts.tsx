import { Link } from 'react-router';
import { useAlerts } from '../data/alerts';
import { KIND_LABELS, SEVERITY_LABELS } from '../format/alert-labels';
import { formatParisDateTime } from '../format/time';
import { Empty, ErrorState, Loading } from './states';

/** The region's open alerts (the first page: a region rarely has more), each linking to its detail. */
export function RegionAlerts({ region }: { region: string }) {
  const alerts = useAlerts({ status: 'OPEN', regionCode: region }, undefined);
  if (alerts.error) return <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />;
  if (!alerts.data) return <Loading what="the open alerts" />;
  const { nodes, pageInfo } = alerts.data;
  if (!nodes.length) return <Empty>No open alert for this region.</Empty>;
  return (
    <>
      <ul className="region-alerts">
        {nodes.map((a) => (
          <li key={a.id} data-alert={a.id}>
            <Link to={`/alerts/${a.id}`}>
              #{a.id} {KIND_LABELS[a.kind]}
            </Link>{' '}
            <span className={`badge severity-${a.severity.toLowerCase()}`}>
              {SEVERITY_LABELS[a.severity]}
            </span>{' '}
            since {formatParisDateTime(a.episodeStart)}, last seen {formatParisDateTime(a.lastSeenAt)}
          </li>
        ))}
      </ul>
      {pageInfo.hasNextPage && (
        <p>
          <Link to={`/alerts?status=OPEN&region=${region}`}>All the open alerts of this region</Link>
        </p>
      )}
    </>
  );
}
