import { ensureSearchAttributes } from '../../workers/search-attributes-setup';
import { namespaceOf, startDevServer } from '../helpers/temporal';

/** A self-hosted server without our attributes gets them once; the second call changes nothing. */
test('ensureSearchAttributes registers what is missing, then nothing', async () => {
  // Attributes are per namespace on the dev server: a fresh namespace without them stands for such a server.
  const env = await startDevServer({ searchAttributes: false });
  try {
    const namespace = namespaceOf(env);
    const names = ['GpsSource', 'GpsLayer', 'GpsWindowStart', 'GpsWindowEnd', 'GpsRows', 'GpsAlertKinds'];
    expect(await ensureSearchAttributes(env.connection, namespace)).toEqual({ added: names, present: [] });
    expect(await ensureSearchAttributes(env.connection, namespace)).toEqual({ added: [], present: names });
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(names));
  } finally {
    await env.teardown();
  }
});
