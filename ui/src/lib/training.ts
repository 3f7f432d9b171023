import type { ExamQuestion } from "../bindings/ExamQuestion";
import type { ItemStatus } from "../bindings/ItemStatus";
import type { RunItemView } from "../bindings/RunItemView";

export const LETTERS = "ABCDEF";

export { STAFF_LEVELS as LEVELS, STAFF_ROLES as ROLES } from "../bindings/labels";

export const STATUS_TAG: Record<ItemStatus, [string, string]> = {
  done: ["已完成", "green"],
  overdue: ["已过时", "red"],
  due: ["进行中", "blue"],
  upcoming: ["未到时间", "default"],
  open: ["不限时", "default"],
};

/** The answer sheet the backend takes: one entry per question, letters in order ("" for blank). */
export function answerSheet(questions: ExamQuestion[], chosen: Record<number, string[]>): string[] {
  return questions.map((q) => [...new Set(chosen[q.id] ?? [])].sort().join(""));
}

/** 1-based numbers of the questions with nothing chosen yet. */
export function unanswered(questions: ExamQuestion[], chosen: Record<number, string[]>): number[] {
  return questions.flatMap((q, i) => ((chosen[q.id] ?? []).length ? [] : [i + 1]));
}

export interface Section {
  section: string;
  window: string | null;
  items: RunItemView[];
}

/** Consecutive items of the same section together, with the section's time window. */
export function groupBySection(items: RunItemView[]): Section[] {
  const out: Section[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.section === item.section) {
      last.items.push(item);
    } else {
      const window = item.window_start && item.window_end ? `${item.window_start}–${item.window_end}` : null;
      out.push({ section: item.section, window, items: [item] });
    }
  }
  return out;
}

/** "12-05 周六" for an item's date (its window is shown with its section). */
export function dayLabel(date: string | null): string {
  if (!date) return "";
  const d = new Date(`${date}T00:00:00`);
  if (Number.isNaN(d.getTime())) return date;
  const week = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][d.getDay()];
  return `${date.slice(5)} ${week}`;
}
