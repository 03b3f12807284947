import { basisPointsToPercentText, formatMoney } from "./money";
import type { CatalogueItem } from "./catalogue";

// How a catalogue item's price and turnaround read to a person, on the
// admin's price list, the client's request page and the emails.

export function priceLabel(item: Pick<CatalogueItem, "pricing" | "baseMinor" | "perTrackMinor" | "percentBp">, currency: string): string {
  const money = (minor: number) => formatMoney(minor, currency);
  switch (item.pricing) {
    case "package":
      if (item.baseMinor === 0) return `${money(item.perTrackMinor)} per track`;
      if (item.perTrackMinor === 0) return money(item.baseMinor);
      return `${money(item.baseMinor)} + ${money(item.perTrackMinor)} per track`;
    case "flat":
      return money(item.baseMinor);
    case "per_track":
      return `${money(item.perTrackMinor)} per track`;
    case "percent":
      return `${basisPointsToPercentText(item.percentBp)}% of the package`;
  }
}

export function workingDays(days: number): string {
  return `${days} working day${days === 1 ? "" : "s"}`;
}

export function turnaroundLabel(item: Pick<CatalogueItem, "kind" | "turnaroundDays" | "turnaroundDaysSaved">): string | null {
  if (item.kind === "package") return workingDays(item.turnaroundDays);
  return item.turnaroundDaysSaved > 0 ? `${workingDays(item.turnaroundDaysSaved)} sooner` : null;
}
