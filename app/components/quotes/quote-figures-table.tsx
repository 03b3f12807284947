import { FiguresTable } from "~/components/figures-table";

// A quote's lines and totals (the client's page, the studio's view of a sent
// quote). Optional lines the client didn't choose show as "not included", so
// the total reads clearly.

export type FiguresForTable = {
  currency: string;
  taxRateBp: number;
  lines: { description: string; quantity: number; unitMinor: number; amountMinor: number; optional: boolean; included: boolean }[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
};

export function QuoteFiguresTable({ figures, taxLabel, caption }: { figures: FiguresForTable; taxLabel: string; caption: string }) {
  return (
    <FiguresTable
      className="quote-table"
      caption={caption}
      currency={figures.currency}
      lines={figures.lines.map((line, index) => ({
        key: String(index),
        description: (
          <>
            {line.description}
            {line.optional ? <span className="admin-muted small">{line.included ? " (optional, included)" : " (optional, not included)"}</span> : null}
          </>
        ),
        quantity: line.quantity,
        unitMinor: line.unitMinor,
        amountMinor: line.included ? line.amountMinor : null,
      }))}
      totals={{ ...figures, taxLabel }}
    />
  );
}
