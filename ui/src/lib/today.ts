import { useQuery } from "@tanstack/react-query";

import { api } from "../api";

/** Query key of the app's day; invalidated (with everything else) when the day changes. */
export const TODAY_KEY = ["today"] as const;

/**
 * The app's day as `YYYY-MM-DD`, from the same clock every command uses (never the
 * browser's), so lists and labels agree with what the backend computed.
 */
export function useToday(): string | undefined {
  return useQuery({ queryKey: TODAY_KEY, queryFn: api.today }).data;
}

/** `2026-11-22` → 11 (the month, 1–12). */
export function monthOf(day: string): number {
  return Number(day.slice(5, 7));
}
