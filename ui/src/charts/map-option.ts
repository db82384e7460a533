import type { MapSeriesOption } from 'echarts/charts';
import type { RegionalBalancePoint } from '../data/regions';
import { formatIntensity, formatMw, formatPercent } from '../format/numbers';
import { echarts, type EChartsOption } from './echarts';
import type { RegionShapes } from '../data/region-shapes';

export const MAP_NAME = 'france-regions';

export type MapMetric = 'balance' | 'intensity' | 'renewable';

export const METRICS: Record<
  MapMetric,
  {
    label: string;
    value: (p: RegionalBalancePoint) => number | null;
    format: (v: number | null) => string;
    colours: string[];
  }
> = {
  balance: {
    label: 'Balance (production − consumption)',
    value: (p) =>
      p.productionMw === null ||
      p.productionMw === undefined ||
      p.consumptionMw === null ||
      p.consumptionMw === undefined
        ? null
        : p.productionMw - p.consumptionMw,
    format: formatMw,
    // Diverging: importing regions red, exporting regions blue, balanced pale.
    colours: ['#b2182b', '#f7f7f7', '#2166ac'],
  },
  intensity: {
    label: 'Carbon intensity',
    value: (p) => p.carbonIntensity ?? null,
    format: formatIntensity,
    colours: ['#ffffcc', '#fd8d3c', '#800026'],
  },
  renewable: {
    label: 'Renewable share',
    value: (p) => p.renewableSharePct ?? null,
    format: formatPercent,
    colours: ['#f7fcf5', '#74c476', '#00441b'],
  },
};

let registered = false;
/** ECharts keeps maps in a global registry; the outlines are registered once per page. */
export function registerRegionShapes(shapes: RegionShapes): void {
  if (registered) return;
  echarts.registerMap(MAP_NAME, shapes as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered = true;
}

export interface RegionValue {
  code: string;
  name: string;
  value: number | null;
}

/** Every region of the outlines gets a data item, with `null` where there is no value to colour. */
export function mapOption(metric: MapMetric, values: RegionValue[]): EChartsOption {
  const m = METRICS[metric];
  const known = values.map((v) => v.value).filter((v): v is number => v !== null);
  let min = known.length ? Math.min(...known) : 0;
  let max = known.length ? Math.max(...known) : 1;
  if (metric === 'balance') {
    const extent = Math.max(Math.abs(min), Math.abs(max), 1);
    [min, max] = [-extent, extent];
  } else if (metric === 'renewable') {
    [min, max] = [0, 100];
  } else if (min === max) {
    max = min + 1;
  }
  const series: MapSeriesOption = {
    type: 'map',
    map: MAP_NAME,
    nameProperty: 'code',
    roam: false,
    selectedMode: false,
    itemStyle: { areaColor: '#e2e8f0', borderColor: '#4a5568', borderWidth: 0.8 },
    emphasis: { label: { show: false }, itemStyle: { areaColor: undefined, borderWidth: 2 } },
    data: values.map((v) => ({ name: v.code, value: v.value ?? undefined, regionName: v.name })),
  };
  return {
    aria: { enabled: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { name: string; value?: number };
        const region = values.find((v) => v.code === item.name);
        return `${region?.name ?? item.name}: ${region?.value === null || !region ? 'no data' : m.format(region.value)}`;
      },
    },
    visualMap: {
      type: 'continuous',
      min,
      max,
      calculable: false,
      left: 8,
      bottom: 8,
      text: [m.format(max), m.format(min)],
      inRange: { color: m.colours },
      // Regions without a value keep the neutral grey of itemStyle.
      outOfRange: { color: '#e2e8f0' },
    },
    series: [series],
  };
}
