import type { Logger as SdkLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { Logger } from './log';

/** SDK levels below this are dropped: worker state changes at INFO are noise for operators. */
const SDK_LEVEL_RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/**
 * The Temporal SDK's logger (Runtime.install({ logger })) writing through our pino logger, so a
 * worker process has one JSON log format instead of DefaultLogger's text on stderr.
 */
export function temporalSdkLogger(log: Logger, minimum: LogLevel = 'WARN'): SdkLogger {
  const sdk = log.child({ component: 'temporal-sdk' });
  const emit = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (SDK_LEVEL_RANK[level] < SDK_LEVEL_RANK[minimum]) return;
    if (level === 'ERROR') sdk.error(message, meta);
    else if (level === 'WARN') sdk.warn(message, meta);
    else sdk.info(message, meta);
  };
  return {
    log: emit,
    trace: (message, meta) => emit('TRACE', message, meta),
    debug: (message, meta) => emit('DEBUG', message, meta),
    info: (message, meta) => emit('INFO', message, meta),
    warn: (message, meta) => emit('WARN', message, meta),
    error: (message, meta) => emit('ERROR', message, meta),
  };
}
