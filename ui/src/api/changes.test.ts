import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import type { MemberQuery } from "../bindings/MemberQuery";
import { queries } from "./call";
import { invalidateFeatures } from "./changes";

const search: MemberQuery = {
  search: "张",
  limit: 8,
  sort: "joined",
  descending: true,
  dormant: false,
  include_left: false,
  left_only: false,
  offset: 0,
};

/** A client holding fresh answers for a few queries of different features. */
function seeded() {
  const client = new QueryClient();
  const entries = {
    members: queries.membersList(search),
    member: queries.membersGet(7),
    groups: queries.groupsList(),
    printers: queries.printersList(),
    overview: queries.todayOverview(),
    phrases: queries.phrasesTags(),
  };
  for (const entry of Object.values(entries)) client.setQueryData(entry.queryKey, "answer");
  const stale = () =>
    Object.entries(entries)
      .filter(([, entry]) => client.getQueryState(entry.queryKey)?.isInvalidated)
      .map(([name]) => name)
      .sort();
  return { client, stale };
}

describe("invalidateFeatures", () => {
  it("refreshes every query of the named feature and the overview, nothing else", async () => {
    const { client, stale } = seeded();
    await invalidateFeatures(client, ["members"]);
    expect(stale()).toEqual(["member", "members", "overview"]);
  });

  it("never refreshes answers no write can change, such as the printer list", async () => {
    const { client, stale } = seeded();
    await invalidateFeatures(client, ["invites", "phrases"]);
    expect(stale()).toEqual(["groups", "overview", "phrases"]);
  });

  it("keys a query by its feature, its command and its arguments", () => {
    const [feature, , argument] = queries.membersList(search).queryKey;
    expect(feature).toBe("members");
    expect(argument).toEqual(search);
  });
});

// A feature that does not exist is a type error (tsc checks this file).
export function typoIsATypeError(client: QueryClient) {
  // @ts-expect-error "member" is not a feature; "members" is.
  return invalidateFeatures(client, ["member"]);
}
