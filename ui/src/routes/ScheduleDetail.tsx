import { Link, useParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { ScheduleActions } from '../components/ScheduleActions';
import { ScheduleAdmin } from '../components/ScheduleAdmin';
import { ScheduleChanges } from '../components/ScheduleChanges';
import { ScheduleDrift } from '../components/ScheduleDrift';
import { ScheduleState } from '../components/ScheduleState';
import { Empty, ErrorState, Loading } from '../components/states';
import { WebUiLink } from '../components/WebUiLink';
import { useSchedule } from '../data/schedules';
import { useIsAdmin } from '../data/viewer';
import { formatNumber } from '../format/numbers';
import { formatParisDateTime } from '../format/time';

/** One schedule: its live state beside temporal.yaml, its actions, its history; an Admin's controls. */
export function ScheduleDetail() {
  const id = useParams().id ?? '';
  const schedule = useSchedule(id);
  const isAdmin = useIsAdmin();
  const s = schedule.data;

  return (
    <>
      <p>
        <Link to="/schedules">All schedules</Link>
      </p>
      {schedule.isPending && <Loading what={`schedule ${id}`} />}
      {schedule.error && <ErrorState error={schedule.error} retry={() => void schedule.refetch()} />}
      {schedule.isSuccess && !s && <Empty>There is no schedule {id}.</Empty>}
      {s && (
        <>
          <div className="page-head">
            <h1>Schedule {s.id}</h1>
            <DataAge updatedAt={schedule.dataUpdatedAt} />
          </div>
          <dl className="kpis alert-facts">
            <div className="kpi">
              <dt>Workflow</dt>
              <dd>{s.workflowType ?? '—'}</dd>
            </div>
            <div className="kpi">
              <dt>Runs</dt>
              <dd data-testid="schedule-spec">{s.spec ?? '—'}</dd>
            </div>
            <div className="kpi">
              <dt>State</dt>
              <dd data-testid="schedule-state">
                <ScheduleState schedule={s} />
              </dd>
            </div>
            <div className="kpi">
              <dt>Actions taken</dt>
              <dd>{formatNumber(s.actionsTaken)}</dd>
            </div>
          </dl>
          <ScheduleDrift inSync={s.inSync} drift={s.drift.nodes} />
          <dl className="schedule-facts">
            <dt>Declared in temporal.yaml</dt>
            <dd>{s.declared ? (s.declaredSpec ?? '—') : 'no (created on the server only)'}</dd>
            <dt>Task queue</dt>
            <dd>{s.taskQueue ?? '—'}</dd>
            <dt>Overlap policy</dt>
            <dd>{s.overlapPolicy ?? '—'}</dd>
            <dt>Catch-up window</dt>
            <dd>{s.catchupWindow ?? '—'}</dd>
            <dt>Skipped (overlap) / missed (catch-up)</dt>
            <dd>
              {formatNumber(s.actionsSkippedOverlap)} / {formatNumber(s.actionsMissedCatchupWindow)}
            </dd>
            <dt>Last updated</dt>
            <dd>{s.lastUpdatedAt ? formatParisDateTime(s.lastUpdatedAt) : '—'}</dd>
            {s.webUiUrl && (
              <>
                <dt>Temporal Web UI</dt>
                <dd>
                  <WebUiLink href={s.webUiUrl}>the schedule</WebUiLink>
                </dd>
              </>
            )}
          </dl>
          <section aria-labelledby="next-title">
            <h2 id="next-title">Next runs</h2>
            {s.paused && <p className="note">Paused: these times are skipped until it is resumed.</p>}
            <ul className="plain-list" data-testid="next-runs">
              {s.nextActionTimes.nodes.map((t) => (
                <li key={t}>{formatParisDateTime(t)}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="recent-title">
            <h2 id="recent-title">Recent actions</h2>
            <ScheduleActions workflowType={s.workflowType} actions={s.recentActions.nodes} />
          </section>
          {isAdmin && s.existsOnServer && (
            <ScheduleAdmin id={s.id} spec={s.spec} paused={s.paused ?? false} />
          )}
          <section aria-labelledby="changes-title">
            <h2 id="changes-title">Change history</h2>
            <ScheduleChanges scheduleId={s.id} />
          </section>
        </>
      )}
    </>
  );
}
