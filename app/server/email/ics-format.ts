/**
 * RFC 5545 lexical rules, kept apart from the calendar content so each can be
 * tested on its own.
 */

const MAX_LINE_OCTETS = 75;

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
  // Most lines are short ASCII: at most 75 UTF-16 units is at most 75 octets
  // only when none is above U+007F, which one test answers.
  // eslint-disable-next-line no-control-regex
  if (line.length <= MAX_LINE_OCTETS && !/[^\x00-\x7f]/.test(line)) return line;
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  for (const char of line) {
    const octets = utf8Octets(char.codePointAt(0)!);
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

// The UTF-8 length of one code point, without encoding it (a TextEncoder per
// character made folding an email's calendar attachment ~1 ms of CPU).
function utf8Octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

export function serializeLines(lines: readonly string[]): string {
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
