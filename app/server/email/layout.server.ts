import { escapeHtml } from "./escape-html";

// The one HTML and text layout of every email the studio sends: the
// consultation emails (templates.server.ts) and those of the path after it
// (service requests, quotes, milestones). Inline styles and layout tables
// only, as email clients need. Each email supplies its words; the shell, the
// details table, the button and the footer are drawn here, so a change of
// look is made once.

export type EmailRow = { label: string; value: string };

/** How a details table lays out its values: as text, as right-aligned amounts, or wrapping long links. */
export type RowStyle = "text" | "amount" | "wrap";

export type EmailBlock =
  | { kind: "paragraph"; text: string; preWrap?: boolean; spaced?: boolean }
  | { kind: "note"; title: string; text: string }
  | { kind: "rows"; rows: EmailRow[]; style?: RowStyle }
  | { kind: "button"; label: string; url: string }
  | { kind: "link"; text: string; label: string; url: string };

export type EmailLayout = {
  studioName: string;
  subject: string;
  heading: string;
  blocks: EmailBlock[];
  /** A quiet last line in the footer (reminders and follow-ups can be unsubscribed from). */
  unsubscribe?: { label: string; url: string };
};

const e = escapeHtml;
const TEXT = "font-size:15px;line-height:1.5;color:#374151;";

const VALUE_STYLE: Record<RowStyle, string> = {
  text: "padding:4px 0;color:#111827;font-size:14px;",
  amount: "padding:4px 0;color:#111827;font-size:14px;text-align:right;white-space:nowrap;",
  wrap: "padding:4px 0;color:#111827;font-size:14px;word-break:break-all;white-space:pre-wrap;",
};

function rowsHtml(rows: EmailRow[], style: RowStyle): string {
  const labelStyle = `padding:4px 12px 4px 0;color:#6b7280;font-size:14px;vertical-align:top;${style === "text" ? "white-space:nowrap;" : ""}`;
  const cells = rows.map((row) => `<tr><td style="${labelStyle}">${e(row.label)}</td><td style="${VALUE_STYLE[style]}">${e(row.value)}</td></tr>`).join("");
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 24px;">${cells}</table>`;
}

function blockHtml(block: EmailBlock): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="margin:0 0 ${block.spaced === false ? 16 : 24}px;${TEXT}${block.preWrap ? "white-space:pre-wrap;" : ""}">${e(block.text)}</p>`;
    case "note":
      return `<div style="margin:0 0 24px;padding:12px 16px;border-left:4px solid #7c3aed;background:#f5f3ff;"><p style="margin:0 0 4px;font-size:13px;color:#6b7280;">${e(block.title)}</p><p style="margin:0;font-size:15px;line-height:1.5;color:#111827;white-space:pre-wrap;">${e(block.text)}</p></div>`;
    case "rows":
      return rowsHtml(block.rows, block.style ?? "text");
    case "button":
      return `<table role="presentation" cellpadding="0" cellspacing="0"><tr><td style="background:#7c3aed;border-radius:6px;">
<a href="${e(block.url)}" style="display:inline-block;padding:12px 20px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;">${e(block.label)}</a>
</td></tr></table>`;
    case "link":
      return `<p style="margin:24px 0 0;${TEXT}">${e(block.text)} <a href="${e(block.url)}" style="color:#6d28d9;font-weight:bold;">${e(block.label)}</a></p>`;
  }
}

function blockText(block: EmailBlock): string[] {
  switch (block.kind) {
    case "paragraph":
      return [block.text, ""];
    case "note":
      return [`${block.title}:`, block.text, ""];
    case "rows":
      return block.rows.length ? [...block.rows.map((row) => `${row.label}: ${row.value}`), ""] : [];
    case "button":
      return [`${block.label}: ${block.url}`, ""];
    case "link":
      return [block.text, `${block.label}: ${block.url}`, ""];
  }
}

/** Subject, HTML and plain text of one email. */
export function renderLayout(layout: EmailLayout): { subject: string; html: string; text: string } {
  // A subject is a header: a newline in a project name must not start a new one.
  const subject = layout.subject.replace(/[\r\n]+/g, " ");
  const text = [
    layout.studioName,
    "",
    layout.heading,
    "",
    ...layout.blocks.flatMap(blockText),
    ...(layout.unsubscribe ? [`${layout.unsubscribe.label}: ${layout.unsubscribe.url}`, ""] : []),
  ].join("\n");
  const unsubscribe = layout.unsubscribe
    ? `<p style="margin:8px 0 0;"><a href="${e(layout.unsubscribe.url)}" style="color:#9ca3af;">${e(layout.unsubscribe.label)}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden;">
<tr><td style="background:#111827;padding:20px 32px;color:#ffffff;font-size:20px;font-weight:bold;letter-spacing:0.5px;">${e(layout.studioName)}</td></tr>
<tr><td style="padding:32px;">
<h1 style="margin:0 0 16px;font-size:22px;color:#111827;">${e(layout.heading)}</h1>
${layout.blocks.map(blockHtml).join("\n")}
</td></tr>
<tr><td style="padding:16px 32px;background:#f9fafb;color:#9ca3af;font-size:12px;">${e(layout.studioName)}${unsubscribe}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { subject, html, text };
}
