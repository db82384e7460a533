import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { checkBackfillRange, checkCron, checkEvery } from '../data/schedule-input';
import { useScheduleChange, type ScheduleChangeRequest } from '../data/schedules';
import { operationLabel } from '../format/schedule-change';
import { formatParisDateTime } from '../format/time';
import type { ScheduleOverlapPolicy } from '../gql/graphql';
import { ActionRefusal, Applying } from './ActionRefusal';

/** What a schedule change's refusals mean (the role's and the audit's common words aside). */
const REFUSALS: Record<string, string> = {
  AUDIT_UNAVAILABLE:
    'Not applied: there is no worker to audit the change, so nothing was changed. Try again when the workers run.',
  AUDIT_NOT_RECORDED:
    'Applied but not audited: the schedule did change in Temporal, but its record could not be written, so it is missing from the history (the API log holds it).',
  AUDIT_PENDING:
    'Applied: the schedule changed in Temporal; its record is still being written and will appear in the history.',
  BAD_REQUEST: 'Refused: the API found the input invalid; nothing was changed.',
  BAD_USER_INPUT: 'Refused: the API found the input invalid; nothing was changed.',
  NOT_FOUND: 'This schedule is not on the Temporal server.',
};

const OVERLAP_POLICIES: { id: ScheduleOverlapPolicy; label: string }[] = [
  { id: 'BUFFER_ALL', label: 'Buffer all: one after the other (default)' },
  { id: 'BUFFER_ONE', label: 'Buffer one' },
  { id: 'SKIP', label: 'Skip: all but the first are dropped' },
  { id: 'CANCEL_OTHER', label: 'Cancel the running one' },
  { id: 'TERMINATE_OTHER', label: 'Terminate the running one' },
  { id: 'ALLOW_ALL', label: 'Allow all at once' },
];

/**
 * One Admin change with its own outcome: what was recorded, or why it was refused. The API checks
 * the role again; Readers never get this far (the caller hides the section).
 */
function useChange(id: string) {
  const mutation = useScheduleChange(id);
  const outcome = (
    <>
      {mutation.isPending && <Applying />}
      {mutation.isSuccess && (
        <p className="state" role="status" data-testid="change-done">
          Done: {operationLabel(mutation.data.operation).toLowerCase()}, recorded as change #
          {mutation.data.id}.
        </p>
      )}
      {mutation.error && <ActionRefusal error={mutation.error} refusals={REFUSALS} />}
    </>
  );
  return { mutation, outcome };
}

function AdminBox({ title, children }: { title: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="admin-box">
      <h3 id={titleId}>{title}</h3>
      {children}
    </section>
  );
}

/** A problem found before asking the API, beside the field. */
function Invalid({ id, problem }: { id: string; problem?: string }) {
  return problem ? (
    <p id={id} className="field-problem" role="alert">
      {problem}
    </p>
  ) : null;
}

function SpecForm({ id, spec }: { id: string; spec: string | null | undefined }) {
  const { mutation, outcome } = useChange(id);
  const isCron = spec?.startsWith('cron ') ?? false;
  const [kind, setKind] = useState<'every' | 'cron'>(isCron ? 'cron' : 'every');
  const [value, setValue] = useState(spec?.replace(/^(every|cron) /, '') ?? '');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const problemId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = kind === 'every' ? checkEvery(value) : checkCron(value);
    setProblem(found);
    if (found) return;
    const spec = value.trim();
    const request: ScheduleChangeRequest =
      kind === 'every'
        ? { kind: 'updateSpec', every: spec, note: note.trim() || undefined }
        : { kind: 'updateSpec', cron: spec, note: note.trim() || undefined };
    mutation.mutate(request, { onSuccess: () => setNote('') });
  };

  return (
    <AdminBox title="Interval or cron">
      <form onSubmit={submit} aria-label="Change the spec" data-form="spec">
        <fieldset>
          <legend>Runs</legend>
          <label>
            <input
              type="radio"
              name="spec-kind"
              checked={kind === 'every'}
              onChange={() => setKind('every')}
            />{' '}
            every (90s, 15m, 1h, 1d)
          </label>
          <label>
            <input type="radio" name="spec-kind" checked={kind === 'cron'} onChange={() => setKind('cron')} />{' '}
            on a cron expression (UTC)
          </label>
        </fieldset>
        <label>
          {kind === 'every' ? 'Interval' : 'Cron expression'}
          <input
            name="spec"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={Boolean(problem)}
            aria-describedby={problem ? problemId : undefined}
            required
          />
        </label>
        <Invalid id={problemId} problem={problem} />
        <label>
          Note (optional, becomes the schedule’s note)
          <input name="note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={mutation.isPending}>
          Save the spec
        </button>
      </form>
      {outcome}
    </AdminBox>
  );
}

function PauseForm({ id, paused }: { id: string; paused: boolean }) {
  const { mutation, outcome } = useChange(id);
  const [note, setNote] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate(
      { kind: paused ? 'unpause' : 'pause', note: note.trim() || undefined },
      { onSuccess: () => setNote('') },
    );
  };
  return (
    <AdminBox title={paused ? 'Resume' : 'Pause'}>
      <form
        onSubmit={submit}
        aria-label={paused ? 'Resume the schedule' : 'Pause the schedule'}
        data-form="pause"
      >
        <label>
          Note (why; without one, the API writes who did it)
          <input name="note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={mutation.isPending} data-action={paused ? 'unpause' : 'pause'}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </form>
      {outcome}
    </AdminBox>
  );
}

function TriggerButton({ id }: { id: string }) {
  const { mutation, outcome } = useChange(id);
  return (
    <AdminBox title="Run now">
      <p className="note">Starts the workflow now, also when paused, under the schedule’s overlap policy.</p>
      <button
        type="button"
        disabled={mutation.isPending}
        data-action="trigger"
        onClick={() => mutation.mutate({ kind: 'trigger' })}
      >
        Trigger now
      </button>
      {outcome}
    </AdminBox>
  );
}

/** A backfill can start hundreds of workflows: it is asked for, then confirmed. */
function BackfillForm({ id }: { id: string }) {
  const { mutation, outcome } = useChange(id);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [overlap, setOverlap] = useState<ScheduleOverlapPolicy>('BUFFER_ALL');
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const problemId = useId();

  const ask = (e: FormEvent) => {
    e.preventDefault();
    // datetime-local is the browser's own time zone, as in the Overview's custom range.
    const found = checkBackfillRange(new Date(from), new Date(to));
    setProblem(found);
    setConfirming(!found);
  };
  const confirm = () => {
    setConfirming(false);
    mutation.mutate({
      kind: 'backfill',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      overlap,
    });
  };

  return (
    <AdminBox title="Backfill a range">
      <form onSubmit={ask} aria-label="Backfill a range" data-form="backfill">
        <label>
          From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          To (excluded){' '}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <label>
          Overlap
          <select value={overlap} onChange={(e) => setOverlap(e.target.value as ScheduleOverlapPolicy)}>
            {OVERLAP_POLICIES.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <Invalid id={problemId} problem={problem} />
        <button type="submit" disabled={mutation.isPending}>
          Backfill…
        </button>
      </form>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="Confirm the backfill">
          <p>
            Take every action the schedule would have taken from {formatParisDateTime(new Date(from))} to{' '}
            {formatParisDateTime(new Date(to))} (Paris), overlap {overlap}, now?
          </p>
          <div className="action-buttons">
            <button type="button" onClick={confirm} data-action="confirm-backfill">
              Start the backfill
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {outcome}
    </AdminBox>
  );
}

/** The Admin's controls of one schedule; each part reports its own outcome. */
export function ScheduleAdmin({
  id,
  spec,
  paused,
}: {
  id: string;
  spec: string | null | undefined;
  paused: boolean;
}) {
  return (
    <section aria-labelledby="admin-title" className="schedule-admin">
      <h2 id="admin-title">Change (Admin)</h2>
      <SpecForm id={id} spec={spec} />
      <PauseForm id={id} paused={paused} />
      <TriggerButton id={id} />
      <BackfillForm id={id} />
    </section>
  );
}
