import { FiguresTable } from "~/components/figures-table";
import { workingDays } from "~/domain/catalogue-labels";
import { formatMoney } from "~/domain/money";

// The estimate of a service request: one line per item, the subtotal, the
// tax as its own line (computed once on the subtotal, rounded half up to the
// minor unit) and the total. Every amount comes from the server.

export type EstimateData = {
  currency: string;
  taxRateBp: number;
  taxLabel: string;
  lines: { itemId: string; name: string; kind: string; quantity: number; unitMinor: number; amountMinor: number }[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  turnaroundDays: number;
};

export function EstimateTable({ estimate, caption = "Estimate" }: { estimate: EstimateData; caption?: string }) {
  return (
    <>
      <FiguresTable
        className="estimate-table"
        caption={caption}
        currency={estimate.currency}
        lines={estimate.lines.map((line) => ({ key: line.itemId, description: line.name, quantity: line.quantity, unitMinor: line.unitMinor, amountMinor: line.amountMinor }))}
        totals={estimate}
      />
      <p className="hint">
        {estimate.taxRateBp > 0
          ? `${estimate.taxLabel} is worked out once on the subtotal and rounded to the nearest ${formatMoney(1, estimate.currency)} (halves up). `
          : null}
        Turnaround: about {workingDays(estimate.turnaroundDays)} from when the studio has your files.
      </p>
    </>
  );
}
