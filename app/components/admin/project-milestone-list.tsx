// A project's milestones in order for the studio: done (when and by whom, with
// the note the client got), the next one, and the ones after it.
export type AdminMilestone = { kind: string; label: string; done: boolean; when: string | null; by: string | null; note: string | null };

export function ProjectMilestoneList({ milestones, next }: { milestones: AdminMilestone[]; next: string | null }) {
  return (
    <ol className="milestones">
      {milestones.map((m, i) => {
        const state = m.done ? "done" : m.kind === next ? "current" : "pending";
        return (
          <li key={m.kind} className={`milestone--${state}`}>
            <span className="milestone-mark" aria-hidden="true">
              {m.done ? "✓" : i + 1}
            </span>
            <strong>
              {m.label}
              <span className="visually-hidden">{m.done ? " (done)" : state === "current" ? " (next)" : " (not yet)"}</span>
            </strong>
            <span className="admin-muted small">
              {m.done ? `Done ${m.when}${m.by ? ` by ${m.by}` : ""}` : state === "current" ? "Next" : "Not yet"}
            </span>
            {m.note ? <p className="milestone-note">{m.note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
