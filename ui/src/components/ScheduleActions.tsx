import { Link } from 'react-router';
import { useRunStatuses } from '../data/runs';
import { runStatusLabel } from '../format/run-status';
import { formatParisDateTime } from '../format/time';
import { WebUiLink } from './WebUiLink';

/**
 * A schedule's most recent actions, newest first: when each ran, how its run went (from
 * visibility, which may lag a moment behind), and a link to the run in the Temporal Web UI.
 */
export function ScheduleActions({
  workflowType,
  actions,
}: {
  workflowType: string | null | undefined;
  actions: { takenAt: string; runId: string; webUiUrl: string }[];
}) {
  const statuses = useRunStatuses(actions.length ? workflowType : undefined);
  if (!actions.length) return <>none yet</>;
  return (
    <ul className="plain-list" data-testid="recent-actions">
      {actions.map((a) => {
        const status = statuses.data?.get(a.runId);
        return (
          <li key={a.runId} data-run-id={a.runId}>
            {a.webUiUrl ? (
              <WebUiLink href={a.webUiUrl}>{formatParisDateTime(a.takenAt)}</WebUiLink>
            ) : (
              <Link to="/runs">{formatParisDateTime(a.takenAt)}</Link>
            )}
            : <span data-field="status">{status ? runStatusLabel(status) : 'status not yet known'}</span>
          </li>
        );
      })}
    </ul>
  );
}
