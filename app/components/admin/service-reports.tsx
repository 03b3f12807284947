import { formatMoney } from "~/domain/money";
import { permilleText, ratingText, type Funnel } from "~/domain/funnel";
import { RATING_LABELS } from "~/domain/feedback-window";
import type { RatingMonth } from "~/server/admin/feedback-figures";
import { ChartFigure, HorizontalBars } from "./charts";
import { Tile } from "./tile";

// The reports' sections for the path after the consultation: client feedback
// (average, its change and trend per month, the spread of ratings) and the
// funnel from consultation to accepted quote (docs/decisions/0019).

export type RatingReport = {
  count: number;
  average: number | null;
  distribution: number[];
  previousAverage: number | null;
  previousCount: number;
  change: number | null;
  changeText: string;
  trend: RatingMonth[];
};

export function FeedbackReport({ rating, periodName, hasPrevious }: { rating: RatingReport; periodName: string; hasPrevious: boolean }) {
  const rated = rating.trend.filter((m) => m.count > 0);
  return (
    <>
      <h2>Client feedback, {periodName}</h2>
      <div className="tiles">
        <Tile label="Average rating" value={rating.average === null ? "–" : `${ratingText(rating.average)} / 5`} note={`from ${rating.count} rating${rating.count === 1 ? "" : "s"}`} />
        {hasPrevious ? (
          <Tile
            label="Change"
            value={rating.changeText}
            note={rating.previousAverage === null ? "no ratings in the period before" : `${ratingText(rating.previousAverage)} in the period before (${rating.previousCount})`}
          />
        ) : null}
        <Tile label="Low ratings" value={String(rating.distribution[0] + rating.distribution[1])} note="1 or 2 stars: see them with the list's Feedback filter" />
      </div>
      {rating.count === 0 && rated.length === 0 ? (
        <p className="panel admin-muted">No client has rated a consultation in this period yet. The follow-up email asks them an hour after the end.</p>
      ) : (
        <>
          <ChartFigure
            id="rating-trend"
            title="Average rating per month"
            description="(by consultation month; months without ratings are left out of the chart)"
            table={
              <table className="admin-table chart-table">
                <caption className="visually-hidden">Average rating per month</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col" className="num">
                      Average
                    </th>
                    <th scope="col" className="num">
                      Ratings
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rating.trend.map((m) => (
                    <tr key={m.key}>
                      <th scope="row">{m.label}</th>
                      <td className="num">{ratingText(m.average)}</td>
                      <td className="num">{m.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          >
            <HorizontalBars
              label={`Average rating per month: ${rated.map((m) => `${m.label} ${ratingText(m.average)} from ${m.count}`).join(", ") || "no ratings"}. The table beside it lists every month.`}
              items={rated.map((m) => ({ label: m.label, value: (m.average ?? 0) / 10, className: "chart-status-completed" }))}
            />
          </ChartFigure>
          <ChartFigure
            id="rating-spread"
            title="Ratings given"
            description={`(${periodName})`}
            table={
              <table className="admin-table chart-table">
                <caption className="visually-hidden">Ratings given</caption>
                <thead>
                  <tr>
                    <th scope="col">Rating</th>
                    <th scope="col" className="num">
                      Consultations
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <tr key={n}>
                      <th scope="row">
                        {n} – {RATING_LABELS[n]}
                      </th>
                      <td className="num">{rating.distribution[n - 1]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          >
            <HorizontalBars
              label={`Ratings given: ${[5, 4, 3, 2, 1].map((n) => `${n} stars ${rating.distribution[n - 1]}`).join(", ")}.`}
              items={[5, 4, 3, 2, 1].map((n) => ({ label: `${n} – ${RATING_LABELS[n]}`, value: rating.distribution[n - 1], className: n <= 2 ? "chart-status-no_show" : "chart-series-1" }))}
            />
          </ChartFigure>
        </>
      )}
    </>
  );
}

export function FunnelReport({ funnel, currency, periodName }: { funnel: Funnel; currency: string; periodName: string }) {
  const [first] = funnel.stages;
  const accepted = funnel.stages[funnel.stages.length - 1];
  return (
    <>
      <h2>After the consultation, {periodName}</h2>
      <div className="tiles">
        <Tile label="Quotes accepted" value={String(accepted.count)} note={`${accepted.fromFirstText} of ${first.count} consultations`} />
        <Tile label="Accepted value" value={formatMoney(funnel.acceptedValueMinor, currency)} note="total of accepted quotes, with tax" />
      </div>
      <ChartFigure
        id="funnel"
        title="From consultation to accepted quote"
        description="(consultations whose time has come, counted once at each step)"
        table={
          <table className="admin-table chart-table">
            <caption className="visually-hidden">The funnel after the consultation</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col" className="num">
                  Consultations
                </th>
                <th scope="col" className="num">
                  Of the step before
                </th>
                <th scope="col" className="num">
                  Of all
                </th>
              </tr>
            </thead>
            <tbody>
              {funnel.stages.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">{s.label}</th>
                  <td className="num">{s.count}</td>
                  <td className="num">{s.fromPreviousText}</td>
                  <td className="num">{s.fromFirstText}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Accepted value</th>
                <td className="num" colSpan={3}>
                  {formatMoney(funnel.acceptedValueMinor, currency)}
                </td>
              </tr>
            </tbody>
          </table>
        }
      >
        <HorizontalBars
          label={`Funnel: ${funnel.stages.map((s) => `${s.label} ${s.count}`).join(", ")}; accepted value ${formatMoney(funnel.acceptedValueMinor, currency)}.`}
          items={funnel.stages.map((s, i) => ({ label: s.label, value: s.count, className: i === 0 ? "chart-series-1" : "chart-status-completed" }))}
        />
      </ChartFigure>
    </>
  );
}
