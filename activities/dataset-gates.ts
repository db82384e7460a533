import type { ActivityDeps } from './deps';
import { audited } from './audit';
import { AUDIT_STEP, type AuditSource } from './audit-vocabulary';
import { runGates, type DatasetDeclaration, type GateReport, type GateWindow } from './quality';

/**
 * The body of every `check<Dataset>Gates` activity: the dataset's declared gates over a window,
 * in one `quality-gates` audit step whose details carry the window, what failed and what warned.
 */
export async function checkDatasetGates(
  deps: ActivityDeps,
  source: AuditSource,
  dataset: DatasetDeclaration,
  window: GateWindow,
  details: Record<string, unknown> = {},
): Promise<GateReport> {
  const outcome = await audited(
    deps.db,
    { step: AUDIT_STEP.qualityGates, source, dataset: dataset.name },
    async () => {
      const report = await runGates({ db: deps.db, lake: deps.lake }, dataset.name, dataset.gates, window);
      return {
        details: { ...details, window, blockingFailures: report.blockingFailures, warnings: report.warnings },
        report,
      };
    },
  );
  return outcome.report;
}
