import type { ReactNode } from "react";

// A page-level message after a redirect or an action: a confirmation
// ("saved") is a polite status, a refusal an alert. Nothing renders when empty.
export function Banner({ tone, children }: { tone: "ok" | "error"; children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === "") return null;
  return (
    <div className={`banner banner--${tone}`} role={tone === "ok" ? "status" : "alert"}>
      {children}
    </div>
  );
}
