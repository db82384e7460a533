import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { PRESETS, toLocalInput, type TimeRange } from '../data/range';

/** Presets and a custom range, written to the address so the view can be shared. */
export function RangePicker({ range }: { range: TimeRange }) {
  const [, setSearch] = useSearchParams();
  const [from, setFrom] = useState(toLocalInput(range.from));
  const [to, setTo] = useState(toLocalInput(range.to));

  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    const f = new Date(from);
    const t = new Date(to);
    if (Number.isNaN(f.getTime()) || Number.isNaN(t.getTime()) || f >= t) return;
    setSearch({ from: f.toISOString(), to: t.toISOString() });
  };

  return (
    <div className="range-picker">
      <div role="group" aria-label="Time range" className="presets">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={range.preset === p.id}
            onClick={() => setSearch({ range: p.id })}
          >
            {p.label}
          </button>
        ))}
      </div>
      <form className="custom-range" onSubmit={applyCustom} aria-label="Custom range">
        <label>
          From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <button type="submit" aria-pressed={range.preset === 'custom'}>
          Apply
        </button>
      </form>
    </div>
  );
}
