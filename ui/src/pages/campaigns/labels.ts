// The words the window uses for campaign kinds, goal metrics and statuses (the core's
// `label()`s, written once here for the window).
import type { CampaignKind } from "../../bindings/CampaignKind";
import type { CampaignStatus } from "../../bindings/CampaignStatus";
import type { GoalMetric } from "../../bindings/GoalMetric";

export const KIND_LABEL: Record<CampaignKind, string> = {
  festival: "节日",
  member_day: "会员日",
  launch: "新品/爆款日",
  flash_sale: "限时特惠",
  live: "直播",
  referral: "老带新",
  other: "其他",
};

export const METRIC_LABEL: Record<GoalMetric, string> = {
  sales: "销售额",
  new_members: "新会员",
  redemptions: "核销数",
  referrals: "老带新人数",
  buyers: "到店消费会员数",
};

export const METRIC_UNIT: Record<string, string> = {
  sales: "元",
  new_members: "人",
  redemptions: "张",
  referrals: "人",
  buyers: "人",
};

export const STATUS: Record<CampaignStatus, { text: string; color: string }> = {
  planned: { text: "未开始", color: "default" },
  running: { text: "进行中", color: "processing" },
  ended: { text: "已结束", color: "success" },
};
