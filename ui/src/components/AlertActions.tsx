import { useId, useState } from 'react';
import { useAlertAction, type AlertAction } from '../data/alerts';
import { ActionRefusal, Applying } from './ActionRefusal';
import type { AlertStatus } from '../gql/graphql';

/** What the alert's own refusals mean for the admin (the audit's are common to every change). */
const REFUSALS: Record<string, string> = {
  ALERT_TRANSITION_REFUSED:
    'Refused: the alert’s status no longer allows this (someone may have changed it).',
  AUDIT_PENDING: 'Accepted but not yet applied: the change will appear when the worker records it.',
  NOT_FOUND: 'This alert no longer exists.',
};

const ACTIONS: { action: AlertAction; label: string; allowedFrom: AlertStatus[] }[] = [
  { action: 'acknowledge', label: 'Acknowledge', allowedFrom: ['OPEN'] },
  { action: 'resolve', label: 'Resolve', allowedFrom: ['OPEN', 'ACKNOWLEDGED'] },
];

/**
 * Admin only (the caller decides, from the viewer's roles): acknowledge or resolve with a note.
 * The API checks the role and the status again; its refusals are shown as they come.
 */
export function AlertActions({ id, status }: { id: number; status: AlertStatus }) {
  const [note, setNote] = useState('');
  const mutation = useAlertAction(id);
  const noteId = useId();
  const available = ACTIONS.filter((a) => a.allowedFrom.includes(status));
  // A refusal stays on screen after the refetch that may leave no action to offer.
  if (!available.length && !mutation.error) return null;

  return (
    <section aria-labelledby="actions-title" className="alert-actions">
      <h2 id="actions-title">Actions</h2>
      {available.length > 0 && (
        <>
          <label htmlFor={noteId}>Note (recorded with the change)</label>
          <textarea
            id={noteId}
            rows={2}
            value={note}
            maxLength={1000}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="action-buttons">
            {available.map((a) => (
              <button
                key={a.action}
                type="button"
                data-action={a.action}
                disabled={mutation.isPending}
                onClick={() => mutation.mutate({ action: a.action, note }, { onSuccess: () => setNote('') })}
              >
                {a.label}
              </button>
            ))}
          </div>
        </>
      )}
      {mutation.isPending && <Applying />}
      {mutation.error && <ActionRefusal error={mutation.error} refusals={REFUSALS} />}
    </section>
  );
}
