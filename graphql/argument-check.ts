import { findRegion, REGIONS } from '../lib/domain/regions';
import { QueryInputError } from './errors';

/**
 * A first check on every string argument of the root fields, before any resolver runs: codes,
 * ids, filters and cursors are identifiers, so anything else (quotes, spaces, markup, a
 * megabyte of text) is refused with a 400 naming the argument. Free text is allowed only where
 * it is data (a schedule note) or a syntax of its own (a cron line), with a length bound. Each
 * resolver still validates meaning (known source, range, cursor of this list); SQL is always
 * parameterised, so this is defence in depth and clearer errors, not the only guard.
 */

const IDENTIFIER = /^[A-Za-z0-9_.:/@+-]{1,200}$/;
// Cursors are base64url; a visibility page token makes some long.
const CURSOR = /^[A-Za-z0-9_-]{1,4096}$/;
const FREE_TEXT: Record<string, { max: number; pattern?: RegExp; what: string }> = {
  note: { max: 500, what: 'a note' },
  cron: { max: 120, pattern: /^[0-9A-Za-z*,/?#\- ]+$/, what: 'a cron line' },
};

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

export function checkArguments(args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args ?? {})) {
    // An empty string carries nothing to inject; resolvers read it as the argument left out.
    if (typeof value !== 'string' || (value === '' && name !== 'regionCode')) continue;
    const free = FREE_TEXT[name];
    if (free) {
      if (value.length > free.max || (free.pattern && !free.pattern.test(value))) {
        throw new QueryInputError(
          `${name} must be ${free.what} of at most ${free.max} characters, got ${shown(value)}`,
        );
      }
      continue;
    }
    if (name === 'regionCode' && !findRegion(value)) {
      throw new QueryInputError(
        `unknown regionCode ${shown(value)}: one of ${REGIONS.map((r) => r.code).join(', ')}`,
      );
    }
    if (name === 'after' ? !CURSOR.test(value) : !IDENTIFIER.test(value)) {
      throw new QueryInputError(
        name === 'after'
          ? `after is not a cursor returned by this API, got ${shown(value)}`
          : `${name} is not a plain identifier (letters, digits and _ . : / @ + -, 1 to 200 characters), got ${shown(value)}`,
      );
    }
  }
}
