import { useState } from 'react';
import { useSearchParams } from 'react-router';

interface Props {
  /** The form's accessible name, e.g. "Filter the runs". */
  label: string;
  /** A free identifier (a source, a dataset): applied with the button, not at each keystroke. */
  typed: { param: string; label: string; placeholder: string; pattern?: string };
  /** One of a few values (a status, an outcome): applied as soon as it is chosen. */
  chosen: { param: string; label: string; options: Record<string, string> };
}

/**
 * The two filters of the Runs and Quality lists, kept in the address (`?source=…&status=…`) so a
 * view can be shared; the list under it is keyed by the address and starts again at page 1.
 */
export function TypedAndChosenFilters({ label, typed, chosen }: Props) {
  const [search, setSearch] = useSearchParams();
  const current = search.get(chosen.param) ?? '';
  const choice = current in chosen.options ? current : '';
  const [text, setText] = useState(search.get(typed.param) ?? '');

  const apply = (typedValue: string, chosenValue: string) => {
    const params = new URLSearchParams();
    if (typedValue) params.set(typed.param, typedValue);
    if (chosenValue) params.set(chosen.param, chosenValue);
    setSearch(params);
  };

  return (
    <form
      className="map-controls"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        apply(text.trim(), choice);
      }}
    >
      <label>
        {typed.label}
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={typed.placeholder}
          pattern={typed.pattern}
        />
      </label>
      <label>
        {chosen.label}
        <select value={choice} onChange={(e) => apply(search.get(typed.param) ?? '', e.target.value)}>
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
