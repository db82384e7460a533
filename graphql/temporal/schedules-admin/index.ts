export {
  backfillSchedule,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  updateScheduleSpec,
} from './mutations';
// Also public for test/unit/schedule-changes.test.ts, which checks the notation.
export { formatDuration } from './duration-text';
export { getSchedule, listSchedules } from './read-schedules';
export { listScheduleChanges } from './schedule-changes';
export type { OverlapPolicy, ScheduleView } from './schedule-view';
