import { useMemo } from 'react';
import { EChart } from '../charts/EChart';
import type { EChartsOption } from '../charts/echarts';
import { intensityOption } from '../charts/mix-option';
import type { BalancePoint } from '../data/series';

interface Props {
  /** Names the heading, `<id>-title`, which labels the section. */
  id: string;
  title: string;
  option: EChartsOption;
  /** What the chart shows, for screen readers. */
  label: string;
  height: number;
  testId?: string;
}

/** A chart under its own heading, the section named by it for screen readers' landmarks. */
export function ChartSection({ id, title, option, label, height, testId }: Props) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <EChart option={option} label={label} height={height} testId={testId} />
    </section>
  );
}

/** Carbon intensity and the renewable and low-carbon shares, as France's and each region's screen draw them. */
export function IntensitySection({ balance }: { balance: BalancePoint[] }) {
  const option = useMemo(() => intensityOption(balance), [balance]);
  return (
    <ChartSection
      id="carbon"
      title="Carbon intensity and shares"
      option={option}
      label="Carbon intensity in gCO2eq per kWh, renewable and low-carbon shares in percent"
      height={280}
    />
  );
}
