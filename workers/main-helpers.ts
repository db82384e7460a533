import { ConfigError } from '../lib/config';
import { loadConfig, type Config } from '../activities/config';

/** Loads the configuration or exits with the validation message (no stack trace for a typo). */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Ends a process on an error; a configuration or deployment mistake prints its message only. */
export function fail(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`configuration error: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
