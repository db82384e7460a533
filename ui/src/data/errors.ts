import { ClientError } from 'graphql-request';

/**
 * What went wrong, in the API's words: graphql-request's own message embeds the whole request and
 * response as JSON, which is no message for a person.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ClientError) {
    const messages = error.response.errors?.map((e) => e.message) ?? [];
    if (messages.length) return messages.join('; ');
    return `the API answered HTTP ${error.response.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The API's error code (`extensions.code`), e.g. ALERT_TRANSITION_REFUSED, when it gave one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof ClientError)) return undefined;
  const code = error.response.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
