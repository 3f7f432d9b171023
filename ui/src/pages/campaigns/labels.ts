// Campaign words come from the core (generated `bindings/labels.ts`); only the
// colours are the window's own.
import type { CampaignStatus } from "../../bindings/CampaignStatus";

export { CAMPAIGN_KIND_LABEL, CAMPAIGN_STATUS_LABEL, GOAL_METRIC_LABEL, GOAL_METRIC_UNIT } from "../../bindings/labels";

export const STATUS_COLOR: Record<CampaignStatus, string> = {
  planned: "default",
  running: "processing",
  ended: "success",
};
