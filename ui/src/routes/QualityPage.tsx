import { useSearchParams } from 'react-router';
import { DataAge } from '../components/DataAge';
import { Pager, useCursorPages } from '../components/Pager';
import { Empty, ErrorState, Loading } from '../components/states';
import { TableScroll } from '../components/TableScroll';
import { TypedAndChosenFilters } from '../components/TypedAndChosenFilters';
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
  const [search] = useSearchParams();
  return (
    <>
      <h1>Data quality</h1>
      <TypedAndChosenFilters
        label="Filter the gate results"
        // The API has no list of datasets: the name is typed.
        typed={{ param: 'dataset', label: 'Dataset', placeholder: 'eco2mix_regional' }}
        chosen={{ param: 'outcome', label: 'Outcome', options: OUTCOMES }}
      />
      <QualityList key={search.toString()} filters={filtersFromSearch(search)} />
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
