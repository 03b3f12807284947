import type { ReactNode } from "react";

// Server-rendered SVG charts: no client JavaScript, and every chart sits in a
// <figure> with a caption, an aria-label summary on the SVG and a table with
// the same numbers beside it (the table is what screen readers should read).

export type SeriesKey = { key: string; label: string; className: string };

export type StackedBar = { key: string; label: string; values: Record<string, number>; highlight?: boolean };

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 30, left: 34 };

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function ChartFigure({ id, title, description, children, table }: { id: string; title: string; description?: ReactNode; children: ReactNode; table: ReactNode }) {
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>{title}</strong>
        {description ? <span className="chart__description"> {description}</span> : null}
      </figcaption>
      <div className="chart__body">
        <div className="chart__graphic">{children}</div>
        {/* A long table scrolls in its box; focusable so keyboard users can scroll it too. */}
        <div className="chart__table" tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
          {table}
        </div>
      </div>
    </figure>
  );
}

export function Legend({ series }: { series: SeriesKey[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key}>
          <svg width="12" height="12" focusable="false">
            <rect width="12" height="12" rx="2" className={s.className} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

export function StackedBarChart({ bars, series, label }: { bars: StackedBar[]; series: SeriesKey[]; label: string }) {
  const totals = bars.map((b) => series.reduce((sum, s) => sum + (b.values[s.key] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(4, Math.min(34, slot * 0.7));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  // About 44 px per label: every other one when the bars are narrower (the table has them all).
  const labelEvery = slot < 44 ? 2 : 1;
  return (
    <>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="chart-svg" preserveAspectRatio="xMidYMid meet">
        {[0, max / 2, max].map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-tick">
              {Number.isInteger(tick) ? tick : tick.toFixed(1)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let acc = 0;
          return (
            <g key={bar.key}>
              {bar.highlight ? <rect x={x - 3} y={PAD.top} width={barW + 6} height={plotH} className="chart-current" /> : null}
              {series.map((s) => {
                const v = bar.values[s.key] ?? 0;
                if (v === 0) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return <rect key={s.key} x={x} y={top} width={barW} height={Math.max(h, 1)} className={s.className} />;
              })}
              {totals[i] > 0 ? (
                <text x={x + barW / 2} y={y(totals[i]) - 3} textAnchor="middle" className="chart-value">
                  {totals[i]}
                </text>
              ) : null}
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" className={bar.highlight ? "chart-label chart-label--current" : "chart-label"}>
                  {bar.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </>
  );
}

export function SeriesTable({ caption, rowHeader, bars, series }: { caption: string; rowHeader: string; bars: StackedBar[]; series: SeriesKey[] }) {
  return (
    <table className="admin-table chart-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {series.map((s) => (
            <th scope="col" key={s.key} className="num">
              {s.label}
            </th>
          ))}
          <th scope="col" className="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr key={b.key} className={b.highlight ? "current-row" : undefined}>
            <th scope="row">
              {b.label}
              {b.highlight ? <span className="visually-hidden"> (current)</span> : null}
            </th>
            {series.map((s) => (
              <td key={s.key} className="num">
                {b.values[s.key] ?? 0}
              </td>
            ))}
            <td className="num">{series.reduce((sum, s) => sum + (b.values[s.key] ?? 0), 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HorizontalBars({ items, label }: { items: { label: string; value: number | null; className?: string }[]; label: string }) {
  // Narrower than the other charts, so its labels stay readable beside a table.
  const width = 480;
  const rowH = 30;
  const labelW = 170;
  const height = items.length * rowH + 8;
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const plotW = width - labelW - 80;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="chart-svg chart-svg--bars">
      {items.map((item, i) => {
        const top = 4 + i * rowH;
        const w = item.value === null ? plotW : Math.max(item.value > 0 ? 2 : 0, (item.value / max) * plotW);
        return (
          <g key={item.label}>
            <text x={labelW - 8} y={top + rowH / 2 + 4} textAnchor="end" className="chart-label">
              {item.label}
            </text>
            <rect
              x={labelW}
              y={top + 5}
              width={w}
              height={rowH - 10}
              rx={3}
              className={item.value === null ? "chart-unknown" : item.className ?? "chart-series-1"}
            />
            <text x={labelW + (item.value === null ? 8 : w + 6)} y={top + rowH / 2 + 4} className="chart-value">
              {item.value === null ? "not recorded" : item.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function HeatmapChart({
  rows,
  columns,
  cells,
  max,
  label,
}: {
  rows: string[];
  columns: string[];
  cells: number[][];
  max: number;
  label: string;
}) {
  const labelW = 44;
  const top = 22;
  const cellW = Math.min(56, (WIDTH - labelW) / Math.max(1, columns.length));
  const cellH = 30;
  const width = labelW + cellW * columns.length;
  const height = top + cellH * rows.length + 4;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="chart-svg chart-svg--heatmap">
      {columns.map((c, j) => (
        <text key={c} x={labelW + j * cellW + cellW / 2} y={14} textAnchor="middle" className="chart-label">
          {c}
        </text>
      ))}
      {rows.map((r, i) => (
        <g key={r}>
          <text x={labelW - 8} y={top + i * cellH + cellH / 2 + 4} textAnchor="end" className="chart-label">
            {r}
          </text>
          {columns.map((c, j) => {
            const v = cells[i]?.[j] ?? 0;
            const intensity = max === 0 ? 0 : v / max;
            return (
              <g key={c}>
                <rect
                  x={labelW + j * cellW + 1}
                  y={top + i * cellH + 1}
                  width={cellW - 2}
                  height={cellH - 2}
                  rx={3}
                  className="heat-cell"
                  style={{ fillOpacity: v === 0 ? 0.06 : 0.18 + 0.82 * intensity }}
                />
                <text
                  x={labelW + j * cellW + cellW / 2}
                  y={top + i * cellH + cellH / 2 + 4}
                  textAnchor="middle"
                  className={intensity > 0.55 ? "chart-value chart-value--inverse" : "chart-value"}
                >
                  {v}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
