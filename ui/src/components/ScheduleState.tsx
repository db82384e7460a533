import type { ScheduleFieldsFragment } from '../gql/graphql';

/** Active or paused, and the note that says why (or who changed it last). */
export function ScheduleState({
  schedule,
}: {
  schedule: Pick<ScheduleFieldsFragment, 'existsOnServer' | 'paused' | 'note'>;
}) {
  if (!schedule.existsOnServer) return <>not on the server</>;
  return (
    <>
      <span className={`badge ${schedule.paused ? 'paused' : 'active'}`} data-field="paused">
        {schedule.paused ? 'Paused' : 'Active'}
      </span>
      {schedule.note && (
        <div className="schedule-note" data-field="note">
          {schedule.note}
        </div>
      )}
    </>
  );
}
