import type { Tier } from "../bindings/Tier";

// The words come from core (see bindings/labels.ts); the colours are the window's own.
export { TIER_LABEL } from "../bindings/labels";

export const TIER_COLOR: Record<Tier, string> = {
  none: "default",
  bronze: "#b87333",
  silver: "#8c9aa5",
  gold: "#d4a017",
  diamond: "#3b82c4",
};

export const COMPUTED_TAGS = ["高价值", "沉睡", "本月生日", "新会员"] as const;

/** "138****5678" for display where a full number is not needed. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
