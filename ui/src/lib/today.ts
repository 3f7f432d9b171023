import { useQuery } from "@tanstack/react-query";

import { queries } from "../api";

/**
 * The app's day as `YYYY-MM-DD`, from the same clock every command uses (never the
 * browser's), so lists and labels agree with what the backend computed.
 */
export function useToday(): string | undefined {
  return useQuery(queries.appToday()).data;
}

/** `2026-11-22` → 11 (the month, 1–12). */
export function monthOf(day: string): number {
  return Number(day.slice(5, 7));
}
