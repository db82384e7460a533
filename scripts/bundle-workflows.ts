import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromPackageRoot } from '../lib/package-root';
import { bundleWorkflows, TRACED_WORKFLOW_BUNDLE_FILE, WORKFLOW_BUNDLE_FILE } from '../workers/workers';

/**
 * `npm run build` step, after tsc: the workflow bundles of the compiled dist/workflows, written
 * where the compiled worker looks for them: plain, and with the OpenTelemetry workflow
 * interceptors for workers with tracing on. The worker then starts without running webpack
 * (seconds of CPU and a few hundred MB at every start), and every replica runs the same code.
 */
async function main(): Promise<void> {
  const dist = fromPackageRoot('dist');
  const workflowsPath = require.resolve(path.join(dist, 'workflows'));
  for (const [file, traced] of [
    [WORKFLOW_BUNDLE_FILE, false],
    [TRACED_WORKFLOW_BUNDLE_FILE, true],
  ] as const) {
    const code = await bundleWorkflows(workflowsPath, traced);
    const target = path.join(dist, file);
    writeFileSync(target, code);
    process.stdout.write(`wrote ${target} (${(code.length / 1e6).toFixed(1)} MB)\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
