/**
 * RFC 5545 lexical rules, kept apart from the calendar content so each can be
 * tested on its own.
 */

const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 §3.3.11): backslash first, or we'd double-escape. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Parameter values (RFC 5545 §3.2): DQUOTE cannot appear at all, and values
 * containing ":" ";" or "," must be quoted. Control characters are dropped so
 * a name can never inject a new property line.
 */
export function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/"/g, "").replace(/[\x00-\x1f\x7f]/g, " ").trim();
  return /[:;,]/.test(cleaned) ? `"${cleaned}"` : cleaned;
}

/** For URI/CAL-ADDRESS values, which are not TEXT-escaped: just refuse line breaks. */
export function stripControls(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\x00-\x1f\x7f]/g, "");
}

/** `20261201T150000Z`: UTC form, so no VTIMEZONE is needed. */
export function utcStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * Folds one content line at 75 octets (RFC 5545 §3.1). Counts UTF-8 bytes and
 * walks by code point, so a multi-byte character (or surrogate pair) is never
 * split; the leading space of a continuation line counts toward its 75.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  for (const char of line) {
    const octets = encoder.encode(char).length;
    if (currentOctets + octets > MAX_LINE_OCTETS) {
      parts.push(current);
      current = " ";
      currentOctets = 1;
    }
    current += char;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join("\r\n");
}

export function serializeLines(lines: readonly string[]): string {
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
