// Sending a command: Tauri's invoke plus our error mapping, as plain calls and as
// react-query entries.
import { invoke } from "@tauri-apps/api/core";

import { type CommandName, queriesOver } from "../bindings/commands";
import { toAppError } from "./errors";

export async function call<T>(command: CommandName, args?: Record<string, unknown>): Promise<T> {
  const sent = performance.now();
  try {
    return await invoke<T>(command, args);
  } catch (raised) {
    throw toAppError(raised);
  } finally {
    // Each round trip on the page's timeline (User Timing), for the benchmarks that
    // time the window; the browser keeps only what is asked for, and cheaply.
    performance.measure(`ipc ${command}`, { start: sent });
  }
}

/**
 * Every reading command as a react-query entry (`useQuery(queries.membersList(q))`);
 * its key is [feature, command, ...arguments], so `useChanged()("members")` after a
 * write refreshes every member query and nothing else.
 */
export const queries = queriesOver(call);
