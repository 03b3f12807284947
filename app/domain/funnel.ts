import { divideRounded } from "./money";

// The "after the consultation" funnel for a report period. Rates are integer
// per-mille (437 = 43.7 %), rounded half up, and null when the stage they
// are taken from is empty, so a page never shows NaN or Infinity. A rate can
// pass 100 %: a client may send a service request without leaving feedback.

export const FUNNEL_STAGES = ["consultations", "completed", "feedback", "requests", "quotes_sent", "accepted"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const FUNNEL_STAGE_LABELS: Record<FunnelStage, string> = {
  consultations: "Consultations booked",
  completed: "Consultations completed",
  feedback: "Feedback given",
  requests: "Service requests",
  quotes_sent: "Quotes sent",
  accepted: "Quotes accepted",
};

export type FunnelCounts = Record<FunnelStage, number>;

export type FunnelRow = {
  stage: FunnelStage;
  label: string;
  count: number;
  /** Per-mille of the previous stage; null for the first stage or when the previous count is 0. */
  fromPreviousPermille: number | null;
  /** Per-mille of the first stage; null when there were no consultations. */
  fromFirstPermille: number | null;
  fromPreviousText: string;
  fromFirstText: string;
};

export type Funnel = { stages: FunnelRow[]; acceptedValueMinor: number };

export function funnel(counts: FunnelCounts, acceptedValueMinor = 0): Funnel {
  const first = counts.consultations;
  const stages = FUNNEL_STAGES.map((stage, index): FunnelRow => {
    const count = counts[stage];
    const fromPreviousPermille = index === 0 ? null : permille(count, counts[FUNNEL_STAGES[index - 1]]);
    const fromFirstPermille = permille(count, first);
    return {
      stage,
      label: FUNNEL_STAGE_LABELS[stage],
      count,
      fromPreviousPermille,
      fromFirstPermille,
      fromPreviousText: permilleText(fromPreviousPermille),
      fromFirstText: permilleText(fromFirstPermille),
    };
  });
  return { stages, acceptedValueMinor };
}

/** part / whole in per-mille, half up; null when whole is 0. */
export function permille(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number(divideRounded(BigInt(part) * 1000n, BigInt(whole)));
}

/** 437 -> "43.7%", 500 -> "50%", null -> "–". */
export function permilleText(value: number | null): string {
  if (value === null) return "–";
  const tenths = value % 10;
  return `${Math.trunc(value / 10)}${tenths === 0 ? "" : `.${Math.abs(tenths)}`}%`;
}

/** Average of ratings in tenths (43 = 4.3), half up; null with no ratings. */
export function averageRating(sum: number, count: number): number | null {
  if (count <= 0) return null;
  return Number(divideRounded(BigInt(sum) * 10n, BigInt(count)));
}

/** 43 -> "4.3". */
export function ratingText(tenths: number | null): string {
  return tenths === null ? "–" : `${Math.trunc(tenths / 10)}.${tenths % 10}`;
}
