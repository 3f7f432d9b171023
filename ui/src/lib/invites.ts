// Words and colours for groups, channels and print layouts, shared by the pages.
import type { QrStatus } from "../bindings/QrStatus";

export { CHANNEL_KIND_LABEL, ENTRY_RULE_LABEL, GROUP_KINDS, PLATFORM_LABEL, STAGE_LABEL } from "../bindings/labels";

/** The group QR's state as a short tag: text and antd colour. */
export function qrTag(qr: QrStatus): { text: string; color: string } {
  switch (qr.state) {
    case "no_expiry":
      return { text: "长期有效", color: "default" };
    case "valid":
      return { text: `二维码还有 ${qr.days_left} 天`, color: "green" };
    case "expires_soon":
      return { text: `二维码 ${qr.days_left} 天后过期`, color: "orange" };
    case "expired":
      return { text: `二维码已于 ${qr.expires_on} 过期`, color: "red" };
  }
}

/** "还剩 12 个名额" and whether it is worth a warning colour. */
export function seatsText(seatsLeft: number, nearCapacity: boolean): { text: string; warn: boolean } {
  if (seatsLeft === 0) return { text: "已满", warn: true };
  return { text: `还剩 ${seatsLeft} 个名额`, warn: nearCapacity };
}
