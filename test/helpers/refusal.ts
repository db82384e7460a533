/**
 * The error message of a refused query. better-sqlite3 builds its errors from the Error of the
 * first Jest sandbox that loaded it, so `rejects.toThrow` does not recognise them as errors in
 * later test files: compare messages instead.
 */
export async function refusal(query: PromiseLike<unknown>): Promise<string> {
  return Promise.resolve(query).then(
    (value) => `not refused: ${JSON.stringify(value)}`,
    (err: { message?: string }) => String(err?.message),
  );
}
