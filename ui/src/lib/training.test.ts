import { describe, expect, it } from "vitest";

import type { ExamQuestion } from "../bindings/ExamQuestion";
import type { RunItemView } from "../bindings/RunItemView";
import { answerSheet, dayLabel, groupBySection, unanswered } from "./training";

const q = (id: number, multiple = false): ExamQuestion => ({ id, text: `题${id}`, options: ["a", "b", "c", "d"], multiple });

const item = (id: number, section: string, window: [string, string] | null = null): RunItemView => ({
  id,
  section,
  text: `事项${id}`,
  date: "2026-12-05",
  window_start: window?.[0] ?? null,
  window_end: window?.[1] ?? null,
  done: false,
  done_at: null,
  done_by: null,
  note: "",
  status: "upcoming",
});

describe("exam answer sheet", () => {
  it("gives one sorted entry per question in paper order, blank when unanswered", () => {
    const questions = [q(7), q(3, true), q(9)];
    const chosen = { 3: ["C", "A", "C"], 7: ["B"] };
    expect(answerSheet(questions, chosen)).toEqual(["B", "AC", ""]);
    expect(unanswered(questions, chosen)).toEqual([3]);
  });
});

describe("run sections", () => {
  it("groups consecutive items and keeps the window", () => {
    const groups = groupBySection([item(1, "早间巡群", ["09:00", "10:00"]), item(2, "早间巡群", ["09:00", "10:00"]), item(3, "午间互动", ["12:00", "13:30"])]);
    expect(groups.map((g) => [g.section, g.window, g.items.length])).toEqual([
      ["早间巡群", "09:00–10:00", 2],
      ["午间互动", "12:00–13:30", 1],
    ]);
  });

  it("names the weekday of a date", () => {
    expect(dayLabel("2026-12-05")).toBe("12-05 周六");
    expect(dayLabel(null)).toBe("");
  });
});
