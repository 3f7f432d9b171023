/** Whole yuan typed by the owner → integer fen stored by the backend. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Integer fen → yuan for editing (may have two decimals). */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** 2000000 fen → "¥20,000"; keeps 角/分 only when present. */
export function formatYuan(fen: number): string {
  const yuan = fen / 100;
  const hasCents = fen % 100 !== 0;
  return `¥${yuan.toLocaleString("zh-CN", {
    minimumFractionDigits: hasCents ? 2 : 0,
    maximumFractionDigits: 2,
  })}`;
}
