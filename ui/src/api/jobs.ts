import { Channel } from "@tauri-apps/api/core";

import type { JobEvent } from "../bindings/JobEvent";
import type { Progress } from "../bindings/Progress";
import { AppError } from "./errors";

/** A long job the shell runs on its own connection: its id, its end, and a way to stop it. */
export interface RunningJob<T> {
  id: number;
  /** Resolves with the job's result; rejects with an AppError (code "Cancelled" after 取消). */
  result: Promise<T>;
}

/**
 * Starts a job through `start` (a `*_start` command given the events channel) and
 * turns its channel into progress calls and one promise. `start` resolving to null
 * means nothing was started (the owner closed a dialog first).
 */
export async function startJob<T>(
  start: (events: Channel<JobEvent<T>>) => Promise<number | null>,
  onProgress: (p: Progress) => void,
): Promise<RunningJob<T> | null> {
  let settle: { resolve: (v: T) => void; reject: (e: AppError) => void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const events = new Channel<JobEvent<T>>();
  events.onmessage = (event) => {
    if (event.kind === "progress") onProgress(event.progress);
    else if (event.kind === "done") settle?.resolve(event.result);
    else settle?.reject(new AppError(event.error));
  };
  const id = await start(events);
  if (id === null) return null;
  return { id, result };
}

/** Share of a stage done, 0–100, for a progress bar. */
export function percentOf(p: Progress | null): number {
  if (!p || p.total === 0) return 0;
  return Math.min(100, Math.floor((p.done / p.total) * 100));
}
