import { useEffect, useRef } from "react";

// After a server-side validation error the page reloads at the top (always so
// without JavaScript): list every problem there, each linking to its field,
// and move focus to the list so screen readers announce it.
export function ErrorSummary({
  errors,
  targetIds,
}: {
  errors: Record<string, string[] | null> | undefined;
  targetIds: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(
    (entry): entry is [string, string[]] => Boolean(entry[0] && entry[1]?.length && targetIds[entry[0]]),
  );
  const count = entries.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count, errors]);
  if (count === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{count === 1 ? "There is a problem" : `There are ${count} problems`}</h2>
      <ul>
        {entries.map(([name, messages]) => (
          <li key={name}>
            <a href={`#${targetIds[name]}`}>{messages[0]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
