import { useEffect, useRef } from 'react';
import { echarts, type EChartsOption } from './echarts';

interface Props {
  option: EChartsOption;
  /** What the chart shows, for screen readers (ECharts' aria module adds a description too). */
  label: string;
  /** CSS height: a length, or an expression such as `min(520px, 100vw)` for shapes that scale. */
  height: number | string;
  onClick?: (params: { name: string }) => void;
  testId?: string;
}

/**
 * One ECharts instance per mounted element: created on mount, given each new option (merged,
 * so a refresh animates rather than redraws), resized with its box, disposed on unmount.
 */
export function EChart({ option, label, height, onClick, testId }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, null, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(([entry]) => {
      // A chart leaving the page is observed at 0 × 0 before its cleanup runs; ECharts' map cannot
      // invert a zero-sized view and throws, so a box with no area is never passed on.
      if (!entry || entry.contentRect.width === 0 || entry.contentRect.height === 0) return;
      instance.resize();
    });
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { replaceMerge: ['series'], lazyUpdate: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    const handler = (params: unknown) => onClick(params as { name: string });
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onClick]);

  return (
    <div ref={el} role="img" aria-label={label} style={{ height, width: '100%' }} data-testid={testId} />
  );
}
