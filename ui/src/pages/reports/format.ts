// How the report shows its figures; the PDF and the workbook (core's reports::format)
// write them the same way, so the boss reads one number in every copy.

/** 1234500 fen → "¥12,345.00": reports always show the fen. */
export function money(fen: number | null): string {
  if (fen === null) return "—";
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}¥${whole}.${cents}`;
}

/** 0.8 → "80.0%"; null (nothing to divide by) → "—". */
export function rate(r: number | null): string {
  return r === null ? "—" : `${(r * 100).toFixed(1)}%`;
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function days(d: number | null): string {
  return d === null ? "—" : `${Number.isInteger(d) ? d : d.toFixed(1)} 天`;
}

/** The change from the previous period: "↑ 25.0%", "↓ 3.1%", "持平"; null when the
 *  previous value was 0 or missing (a percentage of nothing means nothing). */
export function change(now: number | null, before: number | null): { text: string; up: boolean | null } | null {
  if (now === null || before === null || before === 0) return null;
  if (now === before) return { text: "持平", up: null };
  const pct = ((now - before) / Math.abs(before)) * 100;
  return { text: `${pct > 0 ? "↑" : "↓"} ${Math.abs(pct).toFixed(1)}%`, up: pct > 0 };
}
