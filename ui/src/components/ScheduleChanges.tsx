import { Link } from 'react-router';
import { useScheduleChanges } from '../data/schedules';
import { changeDetails, changeDiff, operationLabel } from '../format/schedule-change';
import { formatParisDateTime } from '../format/time';
import { Pager, useCursorPages } from './Pager';
import { Empty, ErrorState, Loading } from './states';
import { TableScroll } from './TableScroll';
import { WebUiLink } from './WebUiLink';

/** The audit of changes made through the API, newest first: of one schedule, or of all of them. */
export function ScheduleChanges({ scheduleId }: { scheduleId?: string }) {
  const pages = useCursorPages();
  const changes = useScheduleChanges(scheduleId, pages.after);
  const page = changes.data;

  if (changes.error) return <ErrorState error={changes.error} retry={() => void changes.refetch()} />;
  if (!page) return <Loading what="the change history" />;
  return (
    <>
      {page.nodes.length === 0 ? (
        <Empty>No change has been made through the console or the API yet.</Empty>
      ) : (
        <TableScroll label="Change history">
          <table data-testid="schedule-changes">
            <caption>Changes, newest first{pages.page > 1 ? `, page ${pages.page}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">At</th>
                {!scheduleId && <th scope="col">Schedule</th>}
                <th scope="col">Change</th>
                <th scope="col">What changed</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((c) => {
                const details = changeDetails(c.details, formatParisDateTime);
                return (
                  <tr key={c.id} data-change={c.id} data-operation={c.operation}>
                    <td>
                      {/* The recording workflow's history is the change's own audit trail. */}
                      <WebUiLink href={c.auditWebUiUrl}>{formatParisDateTime(c.at)}</WebUiLink>
                    </td>
                    {!scheduleId && (
                      <td>
                        <Link to={`/schedules/${encodeURIComponent(c.scheduleId)}`}>{c.scheduleId}</Link>
                      </td>
                    )}
                    <td>
                      {operationLabel(c.operation)}
                      {details ? ` (${details})` : ''}
                    </td>
                    <td data-field="diff">{changeDiff(c.before, c.after)}</td>
                    <td>{c.subjectName ?? c.subject}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager label="Pages of changes" pages={pages} pageInfo={page.pageInfo} />
    </>
  );
}
