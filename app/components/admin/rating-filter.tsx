import { RATING_FILTER_LABELS, RATING_FILTERS, type RatingFilter } from "~/domain/consultation-list";
import { ErrorList } from "../field";

// The consultation list's feedback filter (?rating=1..5|any|none) and the
// rating shown under each row's status.

export function RatingFilterField({ value, errors }: { value: RatingFilter | undefined; errors: string[] | undefined }) {
  return (
    <div className="field">
      <label htmlFor="list-rating">Feedback</label>
      <select id="list-rating" name="rating" defaultValue={value ?? ""} aria-describedby="list-rating-errors">
        <option value="">Any or none</option>
        {RATING_FILTERS.map((r) => (
          <option key={r} value={r}>
            {RATING_FILTER_LABELS[r]}
          </option>
        ))}
      </select>
      <ErrorList id="list-rating-errors" errors={errors} />
    </div>
  );
}

export function RatingNote({ rating }: { rating: number | null }) {
  if (rating === null) return null;
  return (
    <div className="admin-muted small">
      <span aria-hidden="true">★</span> Rated {rating} of 5
    </div>
  );
}
