import { useState, type ReactNode } from "react";

// A secret the studio must copy now (a new API token, a webhook's signing
// secret): only its hash or a hint is stored, so this is the one time it is
// shown. The Copy button needs JavaScript; without it the code can be selected.
export function SecretShownOnce({ id, title, secret, children }: { id: string; title: ReactNode; secret: string; children: ReactNode }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="panel admin-new-token" role="status">
      <h2>{title}</h2>
      <p>{children}</p>
      <p className="admin-token-value">
        <code id={id}>{secret}</code>{" "}
        <button
          type="button"
          className="button button--small"
          aria-describedby={id}
          onClick={() => {
            navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </p>
    </div>
  );
}
