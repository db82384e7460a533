import { errorCode, errorMessage } from '../data/errors';

/** Refusals every Admin change can meet, whatever it changes: the role, and the audit's worker. */
const COMMON_REFUSALS: Record<string, string> = {
  FORBIDDEN: 'Refused: only an Admin may make this change.',
  AUDIT_UNAVAILABLE:
    'Not applied: no worker is running to audit the change, so nothing was changed. Try again later.',
  AUDIT_PENDING: 'Accepted but not yet recorded: the change will appear when the worker records it.',
};

/**
 * An Admin change the API refused, in words beside the API's own message and code: it stays on
 * screen after the refetch, so that the admin can read why.
 */
export function ActionRefusal({
  error,
  refusals = {},
  testId = 'action-error',
}: {
  error: unknown;
  /** What the screen's own codes mean; they win over the common ones. */
  refusals?: Record<string, string>;
  testId?: string;
}) {
  const code = errorCode(error);
  const meaning = code ? (refusals[code] ?? COMMON_REFUSALS[code]) : undefined;
  return (
    <div className="state state-error" role="alert" data-testid={testId}>
      <p>{meaning ?? 'The change failed.'}</p>
      <p>
        The API said: {errorMessage(error)}
        {code ? ` (${code})` : ''}
      </p>
    </div>
  );
}

/** While a change is on its way (an audited change can take seconds). */
export function Applying() {
  return (
    <p className="state" role="status">
      Applying…
    </p>
  );
}
