import type { ReactNode } from "react";
import { basisPointsToPercentText, formatMoney } from "~/domain/money";

// One table for money the client or the studio reads line by line: a service
// request's estimate and a quote. Lines, then the subtotal, a discount when
// there is one, the tax as its own line when the rate is not zero, and the
// total. Every amount comes from the server in minor units.

export type FiguresTableLine = {
  key: string;
  description: ReactNode;
  quantity: number;
  unitMinor: number;
  /** null: an optional line the client did not choose; shown struck out of the total. */
  amountMinor: number | null;
};

export type FiguresTableTotals = {
  subtotalMinor: number;
  discountMinor?: number;
  taxRateBp: number;
  taxLabel: string;
  taxMinor: number;
  totalMinor: number;
};

export function FiguresTable({
  currency,
  lines,
  totals,
  caption,
  className,
}: {
  currency: string;
  lines: FiguresTableLine[];
  totals: FiguresTableTotals;
  caption: string;
  className: string;
}) {
  const money = (minor: number) => formatMoney(minor, currency);
  const totalRow = (label: ReactNode, amount: ReactNode, rowClass?: string) => (
    <tr className={rowClass}>
      <th scope="row" colSpan={3}>
        {label}
      </th>
      <td className="num">{amount}</td>
    </tr>
  );
  return (
    <div className="admin-table-wrap">
      <table className={`admin-table figures-table ${className}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key} className={line.amountMinor === null ? "figures-line--excluded" : undefined}>
              <td>{line.description}</td>
              <td className="num">{line.quantity}</td>
              <td className="num">{money(line.unitMinor)}</td>
              <td className="num">{line.amountMinor === null ? <span className="admin-muted">—</span> : money(line.amountMinor)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {totalRow("Subtotal", money(totals.subtotalMinor))}
          {totals.discountMinor ? totalRow("Discount", `−${money(totals.discountMinor)}`) : null}
          {totals.taxRateBp > 0 ? totalRow(`${totals.taxLabel} (${basisPointsToPercentText(totals.taxRateBp)}%)`, money(totals.taxMinor)) : null}
          {totalRow("Total", money(totals.totalMinor), "figures-total")}
        </tfoot>
      </table>
    </div>
  );
}
