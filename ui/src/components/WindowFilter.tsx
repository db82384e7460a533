import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { toLocalInput } from '../data/range';
import type { TimeWindow } from '../data/window';

const localInput = (iso: string | undefined) => (iso ? toLocalInput(new Date(iso)) : '');

/**
 * From / to as the Overview's custom range reads them (the browser's zone), written to the
 * address beside the other filters; either end may stay empty, and Clear drops both.
 */
export function WindowFilter({ current }: { current: TimeWindow }) {
  const [search, setSearch] = useSearchParams();
  const [from, setFrom] = useState(localInput(current.from));
  const [to, setTo] = useState(localInput(current.to));
  const [invalid, setInvalid] = useState(false);

  const write = (f: string, t: string) => {
    const params = new URLSearchParams(search);
    for (const [param, value] of [
      ['from', f],
      ['to', t],
    ] as const)
      if (value) params.set(param, new Date(value).toISOString());
      else params.delete(param);
    setSearch(params);
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    // The API answers an empty window with nothing; saying so here is clearer.
    const bad = Boolean(from && to && new Date(from) >= new Date(to));
    setInvalid(bad);
    if (!bad) write(from, to);
  };

  return (
    <form className="custom-range" onSubmit={apply} aria-label="Time window">
      <label>
        From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="submit">Apply window</button>
      <button
        type="button"
        onClick={() => {
          setFrom('');
          setTo('');
          setInvalid(false);
          write('', '');
        }}
      >
        Clear
      </button>
      {invalid && <span role="alert">“From” must come before “To”.</span>}
    </form>
  );
}
