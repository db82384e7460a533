import pino, { type DestinationStream } from 'pino';

/** Structured one-line JSON logs on stdout (pino); secrets are never passed to the logger. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Keys whose values never reach a log line, at the top level or one object down (`headers`,
 * `options`): a belt-and-braces for a caller that passes a whole object by mistake.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'apiKey',
  'api_key',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  // In the SDK's activity log metadata: whoever holds it can complete the activity.
  'taskToken',
];

export const REDACTED = '[redacted]';

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`]);

/** Line layout kept from the hand-written logger: `{ t, level, msg, ...fields }`. */
const LINE_FORMAT = {
  base: null,
  messageKey: 'msg',
  timestamp: () => `,"t":"${new Date().toISOString()}"`,
  formatters: { level: (label: string) => ({ level: label }) },
  redact: { paths: REDACT_PATHS, censor: REDACTED },
  // The SDK passes Error objects as `error`; without this they would print as `{}`.
  serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
} satisfies pino.LoggerOptions;

let stdout: DestinationStream | undefined;

/** One synchronous stdout stream per process: lines of several loggers never interleave. */
function stdoutDestination(): DestinationStream {
  stdout ??= pino.destination({ dest: 1, sync: true });
  return stdout;
}

/** `write` receives each line without its newline (tests capture lines this way). */
export function createLogger(base: Record<string, unknown> = {}, write?: (line: string) => void): Logger {
  const destination: DestinationStream = write
    ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) }
    : stdoutDestination();
  return wrap(pino(LINE_FORMAT, destination).child(base));
}

function wrap(logger: pino.Logger): Logger {
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    child: (fields) => wrap(logger.child(fields)),
  };
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
