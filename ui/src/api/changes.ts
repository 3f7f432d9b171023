// What a write refreshes. Query keys come from the generated command map
// ([feature, command, ...arguments]); a mutation names the features it changed,
// next to itself: `changed("members", "invites")`. A typo is a type error.
import { type QueryClient, useQueryClient } from "@tanstack/react-query";

import type { Feature } from "../bindings/commands";
import { queries } from "./call";

const commandOf = (entry: { queryKey: readonly unknown[] }) => entry.queryKey[1];

/** Answers that no write of the shop's data can change (printers, layouts, templates). */
const FIXED: ReadonlySet<unknown> = new Set(
  [queries.printersList(), queries.invitesLayouts(), queries.postersTemplates()].map(commandOf),
);

/** 概览 and the 开店向导 sum up every feature, so any change refreshes them too. */
const SUMMARIES: ReadonlySet<unknown> = new Set([queries.todayOverview(), queries.setupStatus()].map(commandOf));

/**
 * Features whose answers are computed from the others' ledgers: a campaign's progress
 * moves with a counter purchase or a redemption, the calendar with a birthday or the
 * member day. Any change refreshes them.
 */
const DERIVED: ReadonlySet<string> = new Set<Feature>(["calendar", "campaigns"]);

/** Marks the queries of `features` (and the overview) stale; the ones on screen refetch. */
export function invalidateFeatures(client: QueryClient, features: readonly Feature[]): Promise<void> {
  const named = new Set<string>(features);
  return client.invalidateQueries({
    predicate: ({ queryKey: [feature, command] }) =>
      !FIXED.has(command) && (named.has(String(feature)) || SUMMARIES.has(command) || DERIVED.has(String(feature))),
  });
}

/** `const changed = useChanged();` then, in a mutation's onSuccess, `changed("members")`. */
export function useChanged(): (...features: Feature[]) => void {
  const client = useQueryClient();
  return (...features) => void invalidateFeatures(client, features);
}
