import type { ProtoFailure } from './history-types';

/** `Activity task failed: HttpClientError: HTTP 404 from ...`: the chain, outermost first. */
export function failureText(failure: ProtoFailure | null | undefined): string | null {
  const parts: string[] = [];
  for (let f = failure, depth = 0; f && depth < 10; f = f.cause, depth++) {
    const type = f.applicationFailureInfo?.type;
    const text = type && f.message && !f.message.startsWith(type) ? `${type}: ${f.message}` : f.message;
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.length ? parts.join(': ') : null;
}
