import { inspect } from 'node:util';

/**
 * A secret inside a value that may be logged or printed (the Config object): JSON, util.inspect,
 * template strings and console.log all show `[redacted]`; only reveal() gives the value, at the
 * one place that hands it to a client.
 */
export class Redacted {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
