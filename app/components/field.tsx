import type { ReactNode } from "react";

// A labelled control with its hint and errors. The errors live in an
// aria-live region, linked from the control by aria-describedby (conform sets
// that id), so screen readers announce them when they appear.
export function Field({
  label,
  htmlFor,
  hint,
  hintId,
  errorId,
  errors,
  optional,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: string;
  hintId?: string;
  errorId: string;
  errors?: string[];
  optional?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={errors?.length ? "field field--invalid" : "field"}>
      <label htmlFor={htmlFor}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function ErrorList({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} className="field-errors" aria-live="polite">
      {errors?.length ? (
        <ul>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

// Problems with the form as a whole (a lost connection, a refused change).
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div className="banner banner--error" role="alert" id={id}>
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
