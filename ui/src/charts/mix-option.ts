import type { BalancePoint, MixPoint } from '../data/series';
import { formatNumber } from '../format/numbers';
import { formatParisAxis } from '../format/time';
import type { EChartsOption } from './echarts';
import { bySourceOrder, sourceColour } from './sources';

export const timeAxis = {
  type: 'time',
  axisLabel: { formatter: (v: number) => formatParisAxis(v), hideOverlap: true },
} as const;

export const valueTooltip = {
  trigger: 'axis',
  valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—'),
} as const;

/** A span of the timeline to shade, e.g. a unit's unavailability. */
export interface TimeSpan {
  from: string;
  to: string;
  label: string;
}

/**
 * Production by source stacked (pumping and charging below zero), consumption as a line over it,
 * and `shaded` spans (maintenance) as bands behind, one legend entry to hide them all.
 */
export function mixOption(
  mix: MixPoint[],
  balance: Pick<BalancePoint, 'timestamp' | 'consumptionMw'>[],
  shaded: { name: string; spans: TimeSpan[] } = { name: '', spans: [] },
): EChartsOption {
  const sources = new Map<string, { label: string; data: [string, number | null][] }>();
  for (const p of mix) {
    const s = sources.get(p.sourceCode) ?? { label: p.sourceLabel, data: [] };
    s.data.push([p.timestamp, p.mw]);
    sources.set(p.sourceCode, s);
  }
  const stacked = [...sources.entries()]
    .sort(([a], [b]) => bySourceOrder(a, b))
    .map(([code, s]) => ({
      type: 'line' as const,
      name: s.label,
      stack: 'mix',
      areaStyle: {},
      symbol: 'none',
      lineStyle: { width: 0 },
      color: sourceColour(code),
      data: s.data,
    }));
  const consumption = balance.length
    ? [
        {
          type: 'line' as const,
          name: 'Consumption',
          symbol: 'none',
          color: '#1a202c',
          lineStyle: { width: 2, type: 'dashed' as const },
          data: balance.map((b) => [b.timestamp, b.consumptionMw] as [string, number | null]),
        },
      ]
    : [];
  const bands = shaded.spans.length
    ? [
        {
          type: 'line' as const,
          name: shaded.name,
          color: '#c53030',
          data: [],
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(197, 48, 48, 0.12)' },
            label: { show: false },
            data: shaded.spans.map(
              (s) => [{ xAxis: s.from, name: s.label }, { xAxis: s.to }] as [object, object],
            ),
          },
        },
      ]
    : [];
  return {
    aria: { enabled: true },
    tooltip: valueTooltip,
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 56, right: 16, top: 24, bottom: 64 },
    xAxis: timeAxis,
    yAxis: { type: 'value', name: 'MW', axisLabel: { formatter: (v: number) => formatNumber(v) } },
    series: [...stacked, ...consumption, ...bands],
  };
}

/**
 * A line per measure of the same points, each on its value axis: `lineOn(points, time)` gives a
 * maker of series that differ only by name, colour, axis and the measure picked.
 */
export const lineOn =
  <T>(points: T[], time: (p: T) => string) =>
  (name: string, color: string, yAxisIndex: number, pick: (p: T) => number | null | undefined) => ({
    type: 'line' as const,
    name,
    color,
    yAxisIndex,
    symbol: 'none',
    data: points.map((p) => [time(p), pick(p) ?? null] as [string, number | null]),
  });

/** Carbon intensity (left axis) and renewable and low-carbon shares (right axis, %). */
export function intensityOption(balance: BalancePoint[]): EChartsOption {
  const line = lineOn(balance, (b) => b.timestamp);
  return {
    aria: { enabled: true },
    tooltip: valueTooltip,
    legend: { bottom: 0 },
    grid: { left: 56, right: 48, top: 32, bottom: 56 },
    xAxis: timeAxis,
    yAxis: [
      { type: 'value', name: 'gCO₂eq/kWh', min: 0 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      line('Carbon intensity', '#c05621', 0, (b) => b.carbonIntensity),
      line('Renewable share', '#2f855a', 1, (b) => b.renewableSharePct),
      line('Low-carbon share', '#2b6cb0', 1, (b) => b.lowCarbonSharePct),
    ],
  };
}
