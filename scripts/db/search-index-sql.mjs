// The statements that (re)create the admin search's FTS5 index, taken from
// migration 0010 itself so a restore can't drift from what a migration makes
// (docs/decisions/0043, 0044). Plain Node, no imports: tests run it too.

export const SEARCH_MIGRATION = "migrations/0010_consultation_search.sql";
const SEARCH_TABLE = "consultations_search";

/** A migration's statements, comments dropped; a CREATE TRIGGER runs to its END;. */
export function splitStatements(sqlText) {
  const statements = [];
  let current = [];
  let inTrigger = false;
  for (const raw of sqlText.split("\n")) {
    const line = raw.replace(/--.*$/, "").trimEnd();
    if (!line.trim()) continue;
    current.push(line);
    if (/^\s*CREATE\s+TRIGGER\b/i.test(line)) inTrigger = true;
    const ends = inTrigger ? /^\s*END;\s*$/i.test(line) : line.endsWith(";");
    if (ends) {
      statements.push(current.join("\n"));
      current = [];
      inTrigger = false;
    }
  }
  if (current.length) statements.push(current.join("\n"));
  return statements;
}

/**
 * Drops the index and its triggers if they exist, then runs migration 0010's
 * statements about the index: the table (with secure-delete), the triggers,
 * and a rebuild from consultations. Safe to run twice, and on a database
 * restored from a dump without the index.
 */
export function restoreSearchSql(migrationText) {
  const statements = splitStatements(migrationText).filter((s) => new RegExp(`\\b${SEARCH_TABLE}\\b`).test(s));
  const triggers = statements.map((s) => /CREATE\s+TRIGGER\s+(\w+)/i.exec(s)?.[1]).filter(Boolean);
  if (!statements.some((s) => /CREATE VIRTUAL TABLE/i.test(s)) || triggers.length === 0) {
    throw new Error(`${SEARCH_MIGRATION} no longer creates ${SEARCH_TABLE} and its triggers: update scripts/db/search-index-sql.mjs`);
  }
  const isRebuild = (s) => /VALUES\s*\(\s*'rebuild'\s*\)/i.test(s);
  return [
    ...triggers.map((t) => `DROP TRIGGER IF EXISTS ${t};`),
    `DROP TABLE IF EXISTS ${SEARCH_TABLE};`,
    ...statements.filter((s) => !isRebuild(s)),
    // One rebuild, once the triggers keep the index in step.
    `INSERT INTO ${SEARCH_TABLE} (${SEARCH_TABLE}) VALUES ('rebuild');`,
  ].join("\n");
}
