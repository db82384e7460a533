import { Context } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { reportProgress, withHeartbeat } from '../../activities/heartbeat';

/** The heartbeat every audited step sends (activities/heartbeat.ts), in the SDK's mock context. */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recording(info: ConstructorParameters<typeof MockActivityEnvironment>[0]) {
  const env = new MockActivityEnvironment(info);
  const beats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => beats.push(details));
  const run = (step: () => Promise<void>) => env.run(() => withHeartbeat(Context.current(), step));
  return { beats, run };
}

test('while a step waits, the timer repeats the last checkpoint instead of erasing it', async () => {
  const { beats, run } = recording({ heartbeatTimeoutMs: 1_000 });
  await run(async () => {
    const progress = { page: 1 };
    reportProgress(progress);
    progress.page = 2; // not announced: a retry must not believe page 2 was stored
    await wait(700);
  });
  expect(beats.length).toBeGreaterThanOrEqual(2);
  expect(beats.every((b) => JSON.stringify(b) === '{"page":1}')).toBe(true);
});

test("a retry keeps the previous attempt's checkpoint until it reaches its own", async () => {
  const { beats, run } = recording({ heartbeatTimeoutMs: 1_000, attempt: 2, heartbeatDetails: { page: 7 } });
  await run(async () => {
    const resumed = Context.current().info.heartbeatDetails as { page: number };
    resumed.page = 8; // resuming works on this object; page 8 is not stored yet
    await wait(300);
    reportProgress();
    reportProgress({ page: 8 });
  });
  expect(beats).toEqual([{ page: 7 }, { page: 7 }, { page: 8 }]);
});

test('no timer without a heartbeat timeout, and progress outside a step is ignored', async () => {
  reportProgress({ page: 1 });
  const { beats, run } = recording({});
  await run(async () => {
    await wait(300);
    reportProgress({ page: 2 });
  });
  expect(beats).toEqual([{ page: 2 }]);
});
