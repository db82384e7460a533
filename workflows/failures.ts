/** The innermost message of a failure chain (child workflow -> activity -> application failure). */
export function rootCause(err: unknown): string {
  let current = err as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  return current?.message ?? String(err);
}
