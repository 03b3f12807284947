import { Link } from "@remix-run/react";

// A figure with its label, for the dashboard and the reports.
export function Tile({ label, value, note, link, problem }: { label: string; value: string; note?: string; link?: string; problem?: boolean }) {
  return (
    <div className={problem ? "tile tile--problem" : "tile"}>
      <div className="tile__label">{label}</div>
      <div className="tile__value">{link ? <Link to={link}>{value}</Link> : value}</div>
      {note ? <div className="tile__note">{note}</div> : null}
    </div>
  );
}
