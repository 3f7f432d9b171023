// The words for campaign kinds, goal metrics and statuses come from the core
// (`campaign_choices`), so the window never retypes them; only the colours are the
// window's own.
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";

import { queries } from "../../api";
import type { CampaignStatus } from "../../bindings/CampaignStatus";
import type { Choice } from "../../bindings/Choice";

export const STATUS_COLOR: Record<CampaignStatus, string> = {
  planned: "default",
  running: "processing",
  ended: "success",
};

export interface CampaignWords {
  kinds: Choice[];
  metrics: Choice[];
  kind: (value: string) => string;
  metric: (value: string) => string;
  unit: (metric: string) => string;
  status: (value: string) => string;
}

export function useCampaignWords(): CampaignWords {
  const choices = useQuery(queries.campaignChoices()).data;
  return useMemo(() => {
    const find = (list: Choice[] | undefined, value: string) => list?.find((c) => c.value === value);
    return {
      kinds: choices?.kinds ?? [],
      metrics: choices?.metrics ?? [],
      kind: (v) => find(choices?.kinds, v)?.label ?? v,
      metric: (v) => find(choices?.metrics, v)?.label ?? v,
      unit: (v) => find(choices?.metrics, v)?.unit ?? "",
      status: (v) => find(choices?.statuses, v)?.label ?? v,
    };
  }, [choices]);
}
