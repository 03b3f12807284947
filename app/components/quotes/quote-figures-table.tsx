import { basisPointsToPercentText, formatMoney } from "~/domain/money";

// A quote's lines and totals as a table (the client's page, the studio's view
// of a sent quote). Optional lines the client didn't choose show, struck
// through as "not included", so the total reads clearly.

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
  const money = (minor: number) => formatMoney(minor, figures.currency);
  const rate = `${basisPointsToPercentText(figures.taxRateBp)}%`;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table quote-table">
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
          {figures.lines.map((line, index) => (
            <tr key={index} className={line.included ? undefined : "quote-line--excluded"}>
              <td>
                {line.description}
                {line.optional ? <span className="admin-muted small">{line.included ? " (optional, included)" : " (optional, not included)"}</span> : null}
              </td>
              <td className="num">{line.quantity}</td>
              <td className="num">{money(line.unitMinor)}</td>
              <td className="num">{line.included ? money(line.amountMinor) : <span className="admin-muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td className="num">{money(figures.subtotalMinor)}</td>
          </tr>
          {figures.discountMinor > 0 ? (
            <tr>
              <th scope="row" colSpan={3}>
                Discount
              </th>
              <td className="num">−{money(figures.discountMinor)}</td>
            </tr>
          ) : null}
          {figures.taxRateBp > 0 ? (
            <tr>
              <th scope="row" colSpan={3}>
                {taxLabel} ({rate})
              </th>
              <td className="num">{money(figures.taxMinor)}</td>
            </tr>
          ) : null}
          <tr className="quote-total">
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="num">{money(figures.totalMinor)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
