import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { workflowBundlePath } from './temporal';

/**
 * Workers in child processes (test/helpers/worker-process-main.ts), for tests that SIGKILL one
 * mid-activity. Each test gets its own task queues, so only these processes (not a test
 * platform's in-process workers) run its workflows.
 */
export class WorkerProcesses {
  private readonly children: ChildProcess[] = [];
  private readonly identities = new Map<ChildProcess, string>();

  private constructor(
    private readonly baseEnv: Record<string, string>,
    readonly taskQueues: { ingest: string; transform: string },
  ) {}

  /** Writes the task queues and the workflow bundle into `dataDir`, where every child reads them. */
  static async prepare(
    dataDir: string,
    queuePrefix: string,
    env: Record<string, string>,
  ): Promise<WorkerProcesses> {
    const taskQueues = { ingest: `${queuePrefix}-ingest`, transform: `${queuePrefix}-transform` };
    const yaml = path.join(dataDir, 'temporal.yaml');
    writeFileSync(
      yaml,
      `taskQueues:\n  ingest: ${taskQueues.ingest}\n  transform: ${taskQueues.transform}\nschedules: []\n`,
    );
    const bundlePath = await workflowBundlePath(dataDir);
    return new WorkerProcesses(
      {
        NODE_ENV: 'test',
        GPS_DATA_DIR: dataDir,
        GPS_TEMPORAL_YAML: yaml,
        GPS_TEST_WORKFLOW_BUNDLE: bundlePath,
        ...env,
      },
      taskQueues,
    );
  }

  /** Starts one worker process and resolves once it polls both task queues. */
  async start(extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      // One process (no tsx CLI wrapper): SIGKILL must reach the worker itself.
      ['--import', 'tsx', path.join(__dirname, 'worker-process-main.ts')],
      { env: { ...process.env, ...this.baseEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += String(d)));
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d) => {
        stdout += String(d);
        const ready = /^ready (\S+)$/m.exec(stdout);
        if (ready) {
          this.identities.set(child, ready[1]!);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${stderr}`)));
    });
    return child;
  }

  /** The identity the child's workers give the server: who ran a task, in workflow histories. */
  identityOf(child: ChildProcess): string {
    const identity = this.identities.get(child);
    if (!identity) throw new Error(`worker ${child.pid} was not started by these WorkerProcesses`);
    return identity;
  }

  /** Like a crashed host: no shutdown, no activity completion, no goodbye to the server. */
  static async kill(child: ChildProcess): Promise<void> {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stopAll(): Promise<void> {
    const alive = this.children.filter((c) => c.exitCode === null && c.signalCode === null);
    await Promise.all(
      alive.map((c) => {
        const exited = new Promise((resolve) => c.once('exit', resolve));
        c.kill('SIGTERM');
        return exited;
      }),
    );
  }
}
