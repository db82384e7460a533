import { LineChart, MapChart, type LineSeriesOption, type MapSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
  VisualMapComponent,
  type AriaComponentOption,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the console draws, so the bundle carries two chart types rather than all of ECharts.
// SVG rather than canvas: crisp at any zoom, and the map's regions are elements a test can count.
echarts.use([
  LineChart,
  MapChart,
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  // The region's maintenance events, shaded on its production timeline.
  MarkAreaComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export { echarts };
export type EChartsOption = echarts.ComposeOption<
  | LineSeriesOption
  | MapSeriesOption
  | AriaComponentOption
  | DataZoomComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;
