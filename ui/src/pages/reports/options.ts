// The charts of the 报表 page, as ECharts options built from the summary.
import type { Summary } from "../../bindings/Summary";
import type { ChartOption } from "./Chart";
import { money } from "./format";

const TIERS = [
  { key: "none", label: "普通" },
  { key: "bronze", label: "铜牌" },
  { key: "silver", label: "银牌" },
  { key: "gold", label: "金牌" },
  { key: "diamond", label: "钻石" },
] as const;

export interface Colours {
  primary: string;
  accent: string;
}

const AXIS_LABEL = { color: "#666" };

export function growthOption(s: Summary, c: Colours): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { data: ["新会员", "离开", "会员总数"] },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: "category", data: s.series.map((p) => p.label), axisLabel: AXIS_LABEL },
    yAxis: [
      { type: "value", name: "人", minInterval: 1, axisLabel: AXIS_LABEL },
      { type: "value", name: "总数", minInterval: 1, axisLabel: AXIS_LABEL, splitLine: { show: false } },
    ],
    series: [
      { name: "新会员", type: "bar", data: s.series.map((p) => p.new_members), itemStyle: { color: c.primary } },
      { name: "离开", type: "bar", data: s.series.map((p) => p.left), itemStyle: { color: "#bfbfbf" } },
      { name: "会员总数", type: "line", yAxisIndex: 1, data: s.series.map((p) => p.total), itemStyle: { color: c.accent }, smooth: true },
    ],
  };
}

export function salesOption(s: Summary, c: Colours): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { data: ["销售额（元）", "订单数"] },
    grid: { left: 64, right: 48, top: 40, bottom: 32 },
    xAxis: { type: "category", data: s.series.map((p) => p.label), axisLabel: AXIS_LABEL },
    yAxis: [
      { type: "value", name: "元", axisLabel: AXIS_LABEL },
      { type: "value", name: "笔", minInterval: 1, axisLabel: AXIS_LABEL, splitLine: { show: false } },
    ],
    series: [
      { name: "销售额（元）", type: "bar", data: s.series.map((p) => p.sales_fen / 100), itemStyle: { color: c.primary } },
      { name: "订单数", type: "line", yAxisIndex: 1, data: s.series.map((p) => p.orders), itemStyle: { color: c.accent }, smooth: true },
    ],
  };
}

export function tiersOption(s: Summary, c: Colours): ChartOption {
  const colours = ["#d9d9d9", "#b87333", "#8c9aa5", "#d4a017", c.primary];
  return {
    tooltip: { trigger: "item", formatter: "{b}：{c} 人（{d}%）" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["40%", "68%"],
        label: { formatter: "{b} {c}" },
        data: TIERS.map((t, i) => ({ name: t.label, value: s.tiers[t.key], itemStyle: { color: colours[i] } })),
      },
    ],
  };
}

export function channelsOption(s: Summary, c: Colours): ChartOption {
  const rows = s.channels.slice(0, 10).reverse();
  return {
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
    },
    legend: { data: ["新会员", "带来消费（元）"] },
    grid: { left: 110, right: 48, top: 40, bottom: 24 },
    yAxis: { type: "category", data: rows.map((r) => r.channel), axisLabel: AXIS_LABEL },
    xAxis: [
      { type: "value", name: "人", minInterval: 1, axisLabel: AXIS_LABEL },
      { type: "value", name: "元", axisLabel: AXIS_LABEL, splitLine: { show: false } },
    ],
    series: [
      { name: "新会员", type: "bar", data: rows.map((r) => r.new_members), itemStyle: { color: c.primary } },
      {
        name: "带来消费（元）",
        type: "bar",
        xAxisIndex: 1,
        data: rows.map((r) => r.spend_fen / 100),
        itemStyle: { color: c.accent },
        tooltip: { valueFormatter: (v: unknown) => (typeof v === "number" ? money(Math.round(v * 100)) : String(v)) },
      },
    ],
  };
}
