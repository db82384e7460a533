import { useState } from 'react';
import { useSearchParams } from 'react-router';

interface Typed {
  param: string;
  label: string;
  placeholder: string;
  pattern?: string;
}

interface Props {
  /** The form's accessible name, e.g. "Filter the runs". */
  label: string;
  /** Free identifiers (a source, a dataset): applied with the button, not at each keystroke. */
  typed: Typed | Typed[];
  /** One of a few values (a status, an outcome): applied as soon as it is chosen. */
  chosen: { param: string; label: string; options: Record<string, string> };
}

/**
 * The filters of the Runs, Audit log and Quality lists, kept in the address (`?source=…&status=…`)
 * so a view can be shared; the list under it is keyed by the address and starts again at page 1.
 * Parameters it does not own (a window) are kept.
 */
export function TypedAndChosenFilters({ label, typed, chosen }: Props) {
  const fields = Array.isArray(typed) ? typed : [typed];
  const [search, setSearch] = useSearchParams();
  const current = search.get(chosen.param) ?? '';
  const choice = current in chosen.options ? current : '';
  const [texts, setTexts] = useState(() => fields.map((f) => search.get(f.param) ?? ''));

  const apply = (typedValues: string[], chosenValue: string) => {
    const params = new URLSearchParams(search);
    const set = (param: string, value: string) => (value ? params.set(param, value) : params.delete(param));
    fields.forEach((f, i) => set(f.param, typedValues[i] ?? ''));
    set(chosen.param, chosenValue);
    setSearch(params);
  };

  return (
    <form
      className="map-controls"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        apply(
          texts.map((t) => t.trim()),
          choice,
        );
      }}
    >
      {fields.map((f, i) => (
        <label key={f.param}>
          {f.label}
          <input
            value={texts[i]}
            onChange={(e) => setTexts((t) => t.map((old, j) => (j === i ? e.target.value : old)))}
            placeholder={f.placeholder}
            pattern={f.pattern}
          />
        </label>
      ))}
      <label>
        {chosen.label}
        <select
          value={choice}
          onChange={(e) =>
            apply(
              fields.map((f) => search.get(f.param) ?? ''),
              e.target.value,
            )
          }
        >
          <option value="">Any</option>
          {Object.entries(chosen.options).map(([id, optionLabel]) => (
            <option key={id} value={id}>
              {optionLabel}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
