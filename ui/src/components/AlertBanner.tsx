import { Link } from 'react-router';
import { useOpenAlerts } from '../data/alerts';
import { useRegionNames } from '../data/regions';
import { alertSubject } from '../format/alert-labels';

/**
 * On every screen while an alert needs someone: open (not yet acknowledged) and either a
 * negative-price risk or of high severity. Acknowledging takes it off the banner, since someone is
 * on it; the list still shows it. It names where (newest first), so an operator knows whether a
 * new episode is one they already watch without opening the list. Silent when the query fails: each screen reports its own errors.
 */
export function AlertBanner() {
  const open = useOpenAlerts();
  const names = useRegionNames();
  const urgent =
    open.data?.nodes.filter((a) => a.kind === 'NEGATIVE_PRICE_RISK' || a.severity === 'HIGH') ?? [];
  if (!urgent.length) return null;
  const risks = urgent.filter((a) => a.kind === 'NEGATIVE_PRICE_RISK').length;
  const high = urgent.filter((a) => a.severity === 'HIGH').length;
  const parts = [
    risks ? `${risks} negative-price risk${risks > 1 ? 's' : ''}` : '',
    high ? `${high} of high severity` : '',
  ].filter(Boolean);
  const places = [...new Set(urgent.map((a) => alertSubject(a.regionCode, names)))];
  return (
    <div className="alert-banner" role="alert" data-testid="alert-banner">
      <p>
        <strong>
          {urgent.length} open alert{urgent.length > 1 ? 's' : ''} need{urgent.length > 1 ? '' : 's'}{' '}
          attention
        </strong>
        : {parts.join(', ')} ({places.join(', ')}). <Link to="/alerts?status=OPEN">See the alerts</Link>
      </p>
    </div>
  );
}
