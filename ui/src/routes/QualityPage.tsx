import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { Empty, ErrorState, Loading } from '../components/states';
import { TableScroll } from '../components/TableScroll';
import { OUTCOMES, useQualityResults, type Outcome, type QualityFilters } from '../data/quality';
// Observed values are counts or shares: up to four decimals, as the gates compute them.
import { formatRatio } from '../format/numbers';
import { formatParisDateTime } from '../format/time';

/** The filters live in the address (`/quality?dataset=eco2mix_regional&outcome=fail`). */
function filtersFromSearch(search: URLSearchParams): QualityFilters {
  const outcome = search.get('outcome');
  return {
    dataset: search.get('dataset') || undefined,
    outcome: outcome && outcome in OUTCOMES ? (outcome as Outcome) : undefined,
  };
}

/** The quality gates' verdicts on each dataset window, newest first, failures standing out. */
export function QualityPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  // The API has no list of datasets: the name is typed, applied with the button.
  const [dataset, setDataset] = useState(filters.dataset ?? '');

  const apply = (next: QualityFilters) => {
    const params = new URLSearchParams();
    if (next.dataset) params.set('dataset', next.dataset);
    if (next.outcome) params.set('outcome', next.outcome);
    setSearch(params);
  };

  return (
    <>
      <h1>Data quality</h1>
      <form
        className="map-controls"
        aria-label="Filter the gate results"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ ...filters, dataset: dataset.trim() || undefined });
        }}
      >
        <label>
          Dataset
          <input
            value={dataset}
            onChange={(e) => setDataset(e.target.value)}
            placeholder="eco2mix_regional"
          />
        </label>
        <label>
          Outcome
          <select
            value={filters.outcome ?? ''}
            onChange={(e) =>
              apply({ ...filters, outcome: (e.target.value || undefined) as Outcome | undefined })
            }
          >
            <option value="">Any</option>
            {Object.entries(OUTCOMES).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <QualityList key={search.toString()} filters={filters} />
    </>
  );
}

function QualityList({ filters }: { filters: QualityFilters }) {
  const pages = useCursorPages();
  const results = useQualityResults(filters, pages.after);
  const page = results.data;

  if (results.error) return <ErrorState error={results.error} retry={() => void results.refetch()} />;
  if (!page) return <Loading what="the quality gate results" />;
  return (
    <>
      <DataAge updatedAt={results.dataUpdatedAt} />
      {page.nodes.length === 0 ? (
        <Empty>No gate result matches these filters.</Empty>
      ) : (
        <TableScroll label="Quality gate results">
          <table className="quality-list">
            <caption>Gate results, newest first{pages.page > 1 ? `, page ${pages.page}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                <th scope="col">Dataset</th>
                <th scope="col">Gate</th>
                <th scope="col">Window</th>
                <th scope="col" className="num">
                  Observed
                </th>
                <th scope="col">Threshold</th>
                <th scope="col">Checked</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((r) => (
                <tr key={r.id} data-result={r.id} className={r.outcome === 'fail' ? 'gate-fail' : undefined}>
                  <td data-field="outcome">
                    {/* The word says it; the colour only helps. A blocking failure stopped the window's next steps. */}
                    <span className={`badge ${r.outcome === 'fail' ? 'severity-high' : 'severity-low'}`}>
                      {OUTCOMES[r.outcome as Outcome] ?? r.outcome}
                    </span>
                    <div className="run-id">{r.severity}</div>
                  </td>
                  <td>{r.dataset}</td>
                  <td>
                    {r.gate}
                    <div className="run-id">{r.description}</div>
                  </td>
                  <td>
                    {formatParisDateTime(r.windowStart)} – {formatParisDateTime(r.windowEnd)}
                  </td>
                  <td className="num">{formatRatio(r.observed)}</td>
                  <td>{r.threshold}</td>
                  <td>{formatParisDateTime(r.checkedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager label="Pages of gate results" pages={pages} pageInfo={page.pageInfo} />
    </>
  );
}
