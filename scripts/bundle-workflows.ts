import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { fromPackageRoot } from '../lib/package-root';
import { WORKFLOW_BUNDLE_FILE } from '../workers/workers';

/**
 * `npm run build` step, after tsc: the workflow bundle of the compiled dist/workflows, written
 * where the compiled worker looks for it. The worker then starts without running webpack
 * (seconds of CPU and a few hundred MB at every start), and every replica runs the same code.
 */
async function main(): Promise<void> {
  const dist = fromPackageRoot('dist');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve(path.join(dist, 'workflows')) });
  const target = path.join(dist, WORKFLOW_BUNDLE_FILE);
  writeFileSync(target, code);
  process.stdout.write(`wrote ${target} (${(code.length / 1e6).toFixed(1)} MB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
