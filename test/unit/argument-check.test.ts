import { checkArguments } from '../../graphql/argument-check';

const refusal = (args: Record<string, unknown>) => {
  try {
    checkArguments(args);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

test('identifiers, cursors and known regions pass; empty strings count as left out', () => {
  expect(
    refusal({
      regionCode: '94',
      workflowId: 'backfill-rte-regional-2024-01-01-2025-01-01/gold/2024-03-31',
      after: 'WyJleUpEYkc5elpWUnBiV1VpT2lJeU1ESTJMVEV5'.repeat(20),
      source: '',
      first: 10,
      from: new Date(),
      note: "paused: RTE's API answers 503 since 09:00; see ticket #42",
      cron: '*/15 * * * *',
    }),
  ).toBeUndefined();
});

test.each([
  [{ regionCode: '99' }, /unknown regionCode "99"/],
  [{ regionCode: '' }, /unknown regionCode ""/],
  [{ source: "rte' OR 1=1" }, /source is not a plain identifier/],
  [{ workflowId: 'a b' }, /workflowId is not a plain identifier/],
  [{ dataset: 'x'.repeat(201) }, /dataset is not a plain identifier.*got "x{40}…"/],
  [{ after: 'not/base64url=' }, /after is not a cursor returned by this API/],
  [{ cron: '* * * * *; rm -rf /' }, /cron must be a cron line/],
  [{ note: 'n'.repeat(501) }, /note must be a note of at most 500 characters/],
])('%j is refused', (args, message) => {
  expect(refusal(args)).toMatch(message);
});
