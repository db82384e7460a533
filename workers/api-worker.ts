import { createLogger } from '../lib/log';
import { answerClusterScrapes } from '../lib/metrics/cluster';
import { processMetrics } from '../lib/metrics/registry';
import { API_PROCESS_HELLO, API_PROCESS_SETUP, type ApiProcessSetup } from './api-cluster';
import { startApiProcess } from './api-process';
import { configOrExit, fail } from './main-helpers';

/** One of the API processes workers/api-cluster.ts starts; the primary owns the `/metrics` listener. */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'api', pid: process.pid });
  answerClusterScrapes(processMetrics().registry);
  const setup = await new Promise<ApiProcessSetup>((resolve) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== API_PROCESS_SETUP) return;
      process.off('message', onMessage);
      resolve(message as ApiProcessSetup);
    };
    process.on('message', onMessage);
    process.send?.({ type: API_PROCESS_HELLO });
  });
  const api = await startApiProcess(config, log, setup.localSigningKey);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= api.close().then(
      () => process.exit(0),
      (err: unknown) => fail(err),
    ));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The primary is gone (killed without its shutdown): no process left behind holding the port.
  process.once('disconnect', stop);
}

main().catch(fail);
