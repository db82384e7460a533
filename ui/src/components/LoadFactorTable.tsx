import type { LoadFactor } from '../data/region';
import { formatMw, formatPercent } from '../format/numbers';
import { TableScroll } from './TableScroll';

/** Per source: installed capacity, mean output, and the share of capacity that output is. */
export function LoadFactorTable({ rows }: { rows: LoadFactor[] }) {
  return (
    <TableScroll label="Load factors">
      <table className="load-factors">
        <caption>Load factor by source over the range</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col" className="num">
              Installed
            </th>
            <th scope="col" className="num">
              Mean output
            </th>
            <th scope="col" className="num">
              Load factor
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.sourceCode} data-source={r.sourceCode}>
              <th scope="row">{r.sourceLabel}</th>
              <td className="num">
                {formatMw(r.capacityMw)}
                {r.capacityYear ? ` (${r.capacityYear})` : ''}
              </td>
              <td className="num">{formatMw(r.meanMw)}</td>
              {/* Energy over capacity × hours; RTE's own per-quarter-hour figure where there is no capacity. */}
              <td className="num" data-field="load-factor">
                {formatPercent(r.energyLoadFactorPct ?? r.meanLoadFactorPct)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.some((r) => r.capacityMw === null || r.capacityMw === undefined) && (
        <p className="note">
          — installed: no capacity figure for the source; its load factor is then RTE&apos;s own (TCH) as
          published.
        </p>
      )}
    </TableScroll>
  );
}
