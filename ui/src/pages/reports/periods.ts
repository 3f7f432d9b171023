// The period picker's presets, computed from the app's today (YYYY-MM-DD).
import dayjs, { type Dayjs } from "dayjs";

export type PresetKey = "this_month" | "last_month" | "this_quarter" | "this_year" | "last_30" | "last_90" | "custom";

export interface PeriodRange {
  from: string;
  to: string;
}

export const PRESETS: { key: PresetKey; label: string }[] = [
  { key: "this_month", label: "本月" },
  { key: "last_month", label: "上月" },
  { key: "this_quarter", label: "本季度" },
  { key: "this_year", label: "今年" },
  { key: "last_30", label: "近 30 天" },
  { key: "last_90", label: "近 90 天" },
  { key: "custom", label: "自选日期" },
];

const DAY = "YYYY-MM-DD";

function range(from: Dayjs, to: Dayjs): PeriodRange {
  return { from: from.format(DAY), to: to.format(DAY) };
}

/** The dates of a preset; "so far" periods end today, 上月 is the whole month. */
export function presetRange(key: Exclude<PresetKey, "custom">, today: string): PeriodRange {
  const t = dayjs(today);
  switch (key) {
    case "this_month":
      return range(t.startOf("month"), t);
    case "last_month": {
      const last = t.startOf("month").subtract(1, "day");
      return range(last.startOf("month"), last);
    }
    case "this_quarter": {
      const firstMonth = Math.floor(t.month() / 3) * 3;
      return range(t.month(firstMonth).startOf("month"), t);
    }
    case "this_year":
      return range(t.startOf("year"), t);
    case "last_30":
      return range(t.subtract(29, "day"), t);
    case "last_90":
      return range(t.subtract(89, "day"), t);
  }
}

/** "2026-11-01 至 2026-11-30（30 天）". */
export function periodText(p: PeriodRange): string {
  const days = dayjs(p.to).diff(dayjs(p.from), "day") + 1;
  return `${p.from} 至 ${p.to}（${days} 天）`;
}
