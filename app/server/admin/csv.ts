// CSV (RFC 4180) for the consultation export, safe to open in a spreadsheet.
//
// Formula injection: a cell that starts with = + - @ (or a tab or carriage
// return, which some spreadsheets skip before reading a formula) would run as
// a formula in Excel, LibreOffice or Sheets. Client-typed text such as a
// project name goes into these cells, so such cells get a leading apostrophe,
// which spreadsheets read as "this is text" (OWASP's advice).

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  // Numbers we produce ourselves (BPM, counts) are left alone: -1 is a number, not a formula.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",");
}

/** A whole document: CRLF line ends, and a byte-order mark so Excel reads UTF-8 names correctly. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return "\uFEFF" + [csvRow(header), ...rows.map(csvRow)].join("\r\n") + "\r\n";
}
