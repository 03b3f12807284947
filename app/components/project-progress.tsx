import type { ClientProjectView } from "~/server/services/client-projects.server";

// The client's view of their project(s) on their private page: where it
// stands, every milestone (with the studio's note), and the delivery date.
export function ProjectProgress({ projects, studioName }: { projects: ClientProjectView[]; studioName: string }) {
  if (projects.length === 0) return null;
  return (
    <>
      {projects.map((p) => (
        <section key={p.id} className="panel project-progress" aria-labelledby={`project-${p.id}-heading`}>
          <p className="eyebrow">{p.quoteNumber ? `Quote ${p.quoteNumber}` : "Your project"}</p>
          <h2 id={`project-${p.id}-heading`}>Your project with {studioName}</h2>
          <p>
            <span className={`status-badge status-badge--project-${p.status}`}>{p.statusLabel}</span>{" "}
            <label htmlFor={`project-${p.id}-progress`}>
              {p.doneCount} of {p.total} steps done
            </label>
          </p>
          <progress id={`project-${p.id}-progress`} className="project-progress__bar" value={p.doneCount} max={p.total}>
            {p.percent}%
          </progress>
          <p>
            {p.status === "delivered" ? (
              <>Your project has been delivered.</>
            ) : p.due ? (
              <>
                Delivery date: <strong>{p.due}</strong>
              </>
            ) : p.status === "cancelled" ? (
              <>This project was cancelled.</>
            ) : (
              <>
                We'll set the delivery date when we receive your files: {p.turnaroundDays} working days after they arrive.
              </>
            )}
          </p>
          <ol className="milestones">
            {p.steps.map((s, i) => {
              const state = s.done ? "done" : s.current ? "current" : "pending";
              return (
                <li key={s.kind} className={`milestone--${state}`}>
                  <span className="milestone-mark" aria-hidden="true">
                    {s.done ? "✓" : i + 1}
                  </span>
                  <strong>
                    {s.label}
                    <span className="visually-hidden">{s.done ? " (done)" : s.current ? " (next)" : " (not yet)"}</span>
                  </strong>
                  <span className="hint">{s.done ? `Done on ${s.on}` : s.current ? "Next" : "Not yet"}</span>
                  {s.note ? (
                    <p className="milestone-note">
                      <span className="visually-hidden">Note from the studio: </span>
                      {s.note}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </>
  );
}
