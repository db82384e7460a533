import type { ReactNode } from 'react';
import { errorMessage } from '../data/errors';

/** The three states every data view has besides its data, so that each says the same thing the same way. */

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="state state-empty" role="status">
      {children}
    </p>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = errorMessage(error);
  return (
    <div className="state state-error" role="alert">
      <p>Could not load: {message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}
