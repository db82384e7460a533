import type { BalancePoint, WeatherPoint } from '../data/series';
import { formatNumber } from '../format/numbers';
import type { EChartsOption } from './echarts';
import { lineOn, timeAxis, valueTooltip } from './mix-option';

/** Net exchange over time: above zero the region imports, below it exports. */
export function exchangeOption(balance: Pick<BalancePoint, 'timestamp' | 'netExchangeMw'>[]): EChartsOption {
  return {
    aria: { enabled: true },
    tooltip: valueTooltip,
    legend: { bottom: 0 },
    grid: { left: 56, right: 16, top: 24, bottom: 48 },
    xAxis: timeAxis,
    yAxis: { type: 'value', name: 'MW', axisLabel: { formatter: (v: number) => formatNumber(v) } },
    series: [
      {
        type: 'line',
        name: 'Net exchange (negative: exports)',
        color: '#2b6cb0',
        symbol: 'none',
        areaStyle: { opacity: 0.2 },
        data: balance.map((b) => [b.timestamp, b.netExchangeMw]),
      },
    ],
  };
}

/**
 * Wind, irradiance and temperature have three units: three value axes (two on the right, the
 * second pushed out) rather than three charts, so that the hours line up with each other.
 */
export function weatherOption(weather: WeatherPoint[]): EChartsOption {
  const line = lineOn(weather, (w) => w.hour);
  return {
    aria: { enabled: true },
    tooltip: valueTooltip,
    legend: { bottom: 0 },
    grid: { left: 48, right: 96, top: 32, bottom: 56 },
    xAxis: timeAxis,
    yAxis: [
      { type: 'value', name: 'm/s', min: 0 },
      { type: 'value', name: 'W/m²', min: 0, splitLine: { show: false } },
      { type: 'value', name: '°C', offset: 48, splitLine: { show: false } },
    ],
    series: [
      line('Wind speed (10 m)', '#2a9d8f', 0, (w) => w.windSpeedMs),
      line('Solar irradiance', '#dd6b20', 1, (w) => w.solarIrradianceWm2),
      line('Temperature (2 m)', '#9b2c2c', 2, (w) => w.temperatureC),
    ],
  };
}
