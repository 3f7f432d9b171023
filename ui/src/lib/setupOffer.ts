// Whether this start of the window still sends a new shop to the 开店向导: decided
// once, by the first screen that knows the shop, and spent when the wizard shows (so
// coming back to 概览 later shows its welcome instead of the wizard again).
let offer: "undecided" | "open" | "spent" = "undecided";

/** True while the wizard is to open by itself; `opensAtStart` from setupStatus. */
export function setupToOffer(opensAtStart: boolean): boolean {
  if (offer === "undecided") offer = opensAtStart ? "open" : "spent";
  return offer === "open";
}

/** The wizard is on screen: it is not offered again at this start. */
export function setupShown(): void {
  offer = "spent";
}
