import { Link } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { ScheduleActions } from '../components/ScheduleActions';
import { ScheduleChanges } from '../components/ScheduleChanges';
import { ScheduleDrift } from '../components/ScheduleDrift';
import { ScheduleState } from '../components/ScheduleState';
import { Empty, ErrorState, Loading } from '../components/states';
import { TableScroll } from '../components/TableScroll';
import { useSchedules } from '../data/schedules';
import { useIsAdmin } from '../data/viewer';
import { formatParisDateTime } from '../format/time';

/** Every schedule: what it runs and when, its last actions, its drift; then all the changes. */
export function SchedulesPage() {
  const pages = useCursorPages();
  const schedules = useSchedules(pages.after);
  const isAdmin = useIsAdmin();
  const page = schedules.data;

  return (
    <>
      <div className="page-head">
        <h1>Schedules</h1>
        {page && <DataAge updatedAt={schedules.dataUpdatedAt} />}
      </div>
      <p className="note">
        {isAdmin
          ? 'Open a schedule to change its interval or cron, pause or resume it, trigger it or backfill a range.'
          : 'Read only: changing a schedule takes the Admin role.'}
      </p>
      {schedules.error && <ErrorState error={schedules.error} retry={() => void schedules.refetch()} />}
      {!page && !schedules.error && <Loading what="the schedules" />}
      {page && page.nodes.length === 0 && <Empty>Neither temporal.yaml nor the server has a schedule.</Empty>}
      {page && page.nodes.length > 0 && (
        <TableScroll label="Schedules">
          <table className="schedule-list">
            <caption>Schedules of temporal.yaml and of the Temporal server, by id</caption>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Runs</th>
                <th scope="col">State</th>
                <th scope="col">Next runs</th>
                <th scope="col">Recent actions</th>
                <th scope="col">temporal.yaml</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((s) => (
                <tr key={s.id} data-schedule={s.id}>
                  <td>
                    <Link to={`/schedules/${encodeURIComponent(s.id)}`}>{s.id}</Link>
                    <div className="run-id">{s.workflowType ?? '—'}</div>
                  </td>
                  <td data-field="spec">{s.spec ?? s.declaredSpec ?? '—'}</td>
                  <td data-field="state">
                    <ScheduleState schedule={s} />
                  </td>
                  <td>
                    <ul className="plain-list">
                      {s.nextActionTimes.nodes.map((t) => (
                        <li key={t}>{formatParisDateTime(t)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ScheduleActions workflowType={s.workflowType} actions={s.recentActions.nodes} />
                  </td>
                  <td>
                    <ScheduleDrift inSync={s.inSync} drift={s.drift.nodes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {page && <Pager label="Pages of schedules" pages={pages} pageInfo={page.pageInfo} />}
      <section aria-labelledby="changes-title">
        <h2 id="changes-title">Change history</h2>
        <ScheduleChanges />
      </section>
    </>
  );
}
