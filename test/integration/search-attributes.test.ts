import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli } from '../../lib/temporal-cli';
import { ensureSearchAttributes } from '../../workers/search-attributes-setup';

/** A self-hosted server without our attributes gets them once; the second call changes nothing. */
test('ensureSearchAttributes registers what is missing, then nothing', async () => {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli(process.env.TEMPORAL_CLI_PATH) },
      extraArgs: ['--log-level', 'error'],
    },
  });
  try {
    const names = ['GpsSource', 'GpsLayer', 'GpsWindowStart', 'GpsWindowEnd', 'GpsRows'];
    expect(await ensureSearchAttributes(env.connection, 'default')).toEqual({ added: names, present: [] });
    expect(await ensureSearchAttributes(env.connection, 'default')).toEqual({ added: [], present: names });
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(names));
  } finally {
    await env.teardown();
  }
});
