// One ECharts chart, drawn as SVG (crisp at any zoom, light on memory), resized with
// its card.
import { useEffect, useRef } from "react";
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart({ option, height = 280, testId }: { option: ChartOption; height?: number; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: "svg", locale: "ZH" });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // A task of its own per chart: the page paints its figures first, and four
    // charts drawn in one go would hold a frame for all of them.
    const drawing = setTimeout(() => chart.current?.setOption(option, { notMerge: true }));
    return () => clearTimeout(drawing);
  }, [option]);

  return <div ref={box} style={{ height, width: "100%" }} data-testid={testId} />;
}
