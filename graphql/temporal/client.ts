import {
  isGrpcServiceError,
  ScheduleNotFoundError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import type { ApiContext } from '../context';
import { NotFoundError, QueryInputError, UnavailableError } from '../errors';

/** How long one GraphQL field may wait for Temporal before answering 503. */
export const TEMPORAL_DEADLINE_MS = 10_000;

// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const UNAVAILABLE = 14;

function grpcCode(err: unknown): number | undefined {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (isGrpcServiceError(e)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

function grpcDetails(err: unknown): string {
  for (let e = err as { cause?: unknown; details?: string } | undefined, depth = 0; e && depth < 5; depth++) {
    if (isGrpcServiceError(e)) return e.details || e.message;
    e = e.cause as typeof e;
  }
  return (err as Error)?.message ?? String(err);
}

/**
 * Maps what the Temporal client throws onto the API's error vocabulary: not found -> 404, a
 * request the server refuses as invalid -> 400, server down or too slow -> 503. Anything else
 * stays an internal error (logged, masked).
 */
export function temporalError(err: unknown, what: string): unknown {
  if (err instanceof NotFoundError || err instanceof QueryInputError || err instanceof UnavailableError)
    return err;
  if (err instanceof WorkflowNotFoundError || err instanceof ScheduleNotFoundError)
    return new NotFoundError(`${what}: not found`);
  const code = grpcCode(err);
  if (code === NOT_FOUND) return new NotFoundError(`${what}: not found`);
  if (code === INVALID_ARGUMENT) return new QueryInputError(`${what}: ${grpcDetails(err)}`);
  if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED) {
    return new UnavailableError(`Temporal is unavailable (${what}): ${grpcDetails(err).split('\n')[0]}`);
  }
  // A connection that never came up (lazy connection to a dead address) fails before any call.
  const message = (err as Error)?.message ?? '';
  if (/connect|ECONNREFUSED|deadline/i.test(message) && code === undefined) {
    return new UnavailableError(`Temporal is unavailable (${what}): ${message.split('\n')[0]}`);
  }
  return err;
}

export function temporalOf(ctx: Pick<ApiContext, 'temporal'>): Client {
  if (!ctx.temporal)
    throw new UnavailableError('this API runs without a Temporal client: runs and schedules are unavailable');
  return ctx.temporal;
}

/** Runs Temporal calls under one deadline, with errors mapped (see temporalError). */
export async function withTemporal<T>(
  ctx: Pick<ApiContext, 'temporal'>,
  what: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = temporalOf(ctx);
  const deadline = Date.now() + TEMPORAL_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  // The gRPC deadline alone is not enough: the client's retry interceptor may wait up to 5 s
  // before the attempt that finally reports the deadline. The answer does not wait for it.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UnavailableError(
            `Temporal is unavailable (${what}): no answer within ${TEMPORAL_DEADLINE_MS} ms`,
          ),
        ),
      TEMPORAL_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([client.withDeadline(deadline, () => fn(client)), late]);
  } catch (err) {
    throw temporalError(err, what);
  } finally {
    clearTimeout(timer);
  }
}

function uiBase(ctx: Pick<ApiContext, 'config'>): string {
  const { uiUrl, namespace } = ctx.config.temporal;
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}`;
}

/** The run's page in the Temporal Web UI. */
export function workflowUiUrl(ctx: Pick<ApiContext, 'config'>, workflowId: string, runId: string): string {
  return `${uiBase(ctx)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}

export function scheduleUiUrl(ctx: Pick<ApiContext, 'config'>, scheduleId: string): string {
  return `${uiBase(ctx)}/schedules/${encodeURIComponent(scheduleId)}`;
}

/** Identifiers the API passes into visibility queries and schedule calls: nothing to escape. */
const PLAIN_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function plainIdentifier(name: string, value: string): string {
  if (!PLAIN_IDENTIFIER.test(value)) {
    throw new QueryInputError(
      `\`${name}\` must be a plain identifier (letters, digits, '.', '_', '-'; at most 100 characters)`,
    );
  }
  return value;
}
