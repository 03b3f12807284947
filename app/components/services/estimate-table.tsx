import { basisPointsToPercentText, formatMoney } from "~/domain/money";
import { workingDays } from "~/domain/catalogue-labels";

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
  const money = (minor: number) => formatMoney(minor, estimate.currency);
  return (
    <div className="admin-table-wrap">
      <table className="admin-table estimate-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Quantity
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
          {estimate.lines.map((line) => (
            <tr key={line.itemId}>
              <td>{line.name}</td>
              <td className="num">{line.quantity}</td>
              <td className="num">{money(line.unitMinor)}</td>
              <td className="num">{money(line.amountMinor)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td className="num">{money(estimate.subtotalMinor)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              {`${estimate.taxLabel} (${basisPointsToPercentText(estimate.taxRateBp)}%)`}
            </th>
            <td className="num">{money(estimate.taxMinor)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="num">
              <strong>{money(estimate.totalMinor)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">
        {estimate.taxLabel} is worked out once on the subtotal and rounded to the nearest {money(1)} (halves up).
        Turnaround: about {workingDays(estimate.turnaroundDays)} from when the studio has your files.
      </p>
    </div>
  );
}
