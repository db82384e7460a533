export { describeRun } from './describe-run';
export { listRuns } from './list-runs';
export { runKey } from './run-key';
export { runLoaders } from './run-loaders';
export type { RunNode } from './run-node';
// visibilityQuery is also public for test/unit/schedule-changes.test.ts, which checks the query text.
export { visibilityQuery, type RunFilter } from './visibility-query';
