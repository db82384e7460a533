import {
  COMPONENT_LABELS,
  parseEvidence,
  type NegativePriceRiskEvidence,
  type OverProductionEvidence,
  type RiskComponent,
} from '../data/alert-evidence';
import { formatMw, formatRatio } from '../format/numbers';
import { formatParisDateTime } from '../format/time';
import { TableScroll } from './TableScroll';

/** Whether a test fired, in words: colour alone would say nothing to a screen reader. */
const firedText = (fired: boolean, available = true) =>
  !available ? 'not available' : fired ? 'fired' : 'not fired';

function RunSummary({ quarterHours, required }: { quarterHours: number; required: number }) {
  return (
    <p className="note">
      The condition held for {quarterHours} consecutive quarter-hours ({required} needed to raise the alert);
      the values below are the peak of the run and its last quarter-hour.
    </p>
  );
}

function OverProduction({ evidence: e }: { evidence: OverProductionEvidence }) {
  const rows: { id: string; label: string; show: (i: OverProductionEvidence['peak']) => string }[] = [
    { id: 'tsUtc', label: 'Quarter-hour', show: (i) => formatParisDateTime(i.tsUtc) },
    { id: 'productionMw', label: 'Production', show: (i) => formatMw(i.productionMw) },
    { id: 'consumptionMw', label: 'Consumption', show: (i) => formatMw(i.consumptionMw) },
    { id: 'ratio', label: 'Production / consumption', show: (i) => formatRatio(i.ratio) },
    {
      id: 'absolute',
      label: 'Above the absolute ratio',
      show: (i) => `threshold ${formatRatio(i.absolute.threshold)}: ${firedText(i.absolute.fired)}`,
    },
    {
      id: 'baseline',
      label: `Above the region's usual ratio (${e.baselineDays} days, percentile)`,
      show: (i) =>
        i.baseline.available
          ? `p${i.baseline.percentile} ${formatRatio(i.baseline.value)} (${i.baseline.samples} samples): ${firedText(i.baseline.fired)}`
          : `${firedText(i.baseline.fired, false)}${i.baseline.note ? `: ${i.baseline.note}` : ''}`,
    },
    { id: 'margin', label: 'Margin above the higher bar', show: (i) => formatRatio(i.margin) },
  ];
  return (
    <>
      <RunSummary quarterHours={e.quarterHours} required={e.requiredQuarterHours} />
      <p className="note">
        Largest margin of the run: {formatRatio(e.maxMargin)} (medium from{' '}
        {formatRatio(e.severityMargins.medium)}, high from {formatRatio(e.severityMargins.high)}).
      </p>
      <EvidenceTable rows={rows} peak={e.peak} last={e.last} />
    </>
  );
}

const componentValue = (c: RiskComponent) => {
  if (!c.available) return `${firedText(false, false)}${c.note ? `: ${c.note}` : ''}`;
  const value = typeof c.value === 'number' ? formatRatio(c.value) : String(c.value);
  const threshold =
    c.threshold === undefined
      ? ''
      : ` (threshold ${typeof c.threshold === 'number' ? formatRatio(c.threshold) : c.threshold})`;
  return `${value}${threshold}, weight ${c.weight}: ${firedText(c.fired)}`;
};

function NegativePriceRisk({ evidence: e }: { evidence: NegativePriceRiskEvidence }) {
  const names = [...new Set([...Object.keys(e.peak.components), ...Object.keys(e.last.components)])];
  const rows: { id: string; label: string; show: (i: NegativePriceRiskEvidence['peak']) => string }[] = [
    { id: 'tsUtc', label: 'Quarter-hour', show: (i) => formatParisDateTime(i.tsUtc) },
    { id: 'score', label: `Score (alert from ${e.scoreThreshold})`, show: (i) => String(i.score) },
    {
      id: 'priceEvent',
      label: 'Day-ahead price at or below zero',
      show: (i) => (i.priceEvent ? 'yes' : 'no'),
    },
    ...names.map((name) => ({
      id: `components.${name}`,
      label: COMPONENT_LABELS[name] ?? name,
      show: (i: NegativePriceRiskEvidence['peak']) => {
        const c = i.components[name];
        return c ? componentValue(c) : '—';
      },
    })),
  ];
  return (
    <>
      <RunSummary quarterHours={e.quarterHours} required={e.requiredQuarterHours} />
      {!e.priceAvailable && (
        <p className="note">No day-ahead prices were available: the score is physical only.</p>
      )}
      <EvidenceTable rows={rows} peak={e.peak} last={e.last} />
    </>
  );
}

function EvidenceTable<I>({
  rows,
  peak,
  last,
}: {
  rows: { id: string; label: string; show: (i: I) => string }[];
  peak: I;
  last: I;
}) {
  return (
    <TableScroll label="Evidence">
      <table data-testid="alert-evidence">
        <caption>Evidence at the last sighting</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Peak</th>
            <th scope="col">Last quarter-hour</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-field={r.id}>
              <th scope="row">{r.label}</th>
              <td data-at="peak">{r.show(peak)}</td>
              <td data-at="last">{r.show(last)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The rule's evidence, readable: what was measured, against which thresholds, and what fired. */
export function AlertEvidence({ json }: { json: string }) {
  const evidence = parseEvidence(json);
  if (evidence.rule === 'OVER_PRODUCTION') return <OverProduction evidence={evidence} />;
  if (evidence.rule === 'NEGATIVE_PRICE_RISK') return <NegativePriceRisk evidence={evidence} />;
  return (
    <>
      <p className="note">This evidence has no shape the console knows; as stored:</p>
      <pre className="raw-evidence">{JSON.stringify(evidence.raw, null, 2)}</pre>
    </>
  );
}
