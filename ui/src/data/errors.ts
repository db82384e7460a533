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
