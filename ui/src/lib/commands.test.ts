import { describe, expect, it } from "vitest";

import { COMMAND_NAMES, commandsOver, type CommandName, type Invoke } from "../bindings/commands";

/** Records what would cross to the shell, answering nothing. */
function recorder() {
  const sent: [CommandName, Record<string, unknown> | undefined][] = [];
  const invoke: Invoke = <T,>(command: CommandName, args?: Record<string, unknown>) => {
    sent.push([command, args]);
    return Promise.resolve(undefined as T);
  };
  return { sent, commands: commandsOver(invoke) };
}

describe("the generated command map", () => {
  it("sends each command under its Rust name with the camelCase argument names Tauri expects", async () => {
    const { sent, commands } = recorder();
    await commands.membersAdjustPoints(7, -100, "兑换一杯奶茶");
    await commands.checklistsTick(3, 2, true, null, false);
    await commands.appToday();
    expect(sent).toEqual([
      ["members_adjust_points", { memberId: 7, points: -100, reason: "兑换一杯奶茶" }],
      ["checklists_tick", { run: 3, item: 2, done: true, by: null, catchingUp: false }],
      ["app_today", undefined],
    ]);
  });

  it("lists every command once", () => {
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
    expect(COMMAND_NAMES).toContain("members_import_start");
    expect(COMMAND_NAMES).toContain("jobs_cancel");
  });

  it("makes a wrong command or argument a type error (checked by tsc)", () => {
    const { commands } = recorder();
    // @ts-expect-error: no such command
    expect(commands.membersFly).toBeUndefined();
    // @ts-expect-error: a member id is a number
    void commands.membersGet("7");
    // @ts-expect-error: a poster is saved as png or pdf only
    void commands.postersExport({} as never, "gif", false);
  });
});
