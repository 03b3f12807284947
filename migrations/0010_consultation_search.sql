-- Issue 9: the admin list's search over 100 000 consultations
-- (docs/decisions/0043-consultation-search-index.md).
--
-- A trigram full-text index of the three fields the list searches (client
-- name, email, project name). A trigram phrase finds every row that contains
-- the searched text, so it narrows `LIKE '%term%'` to its candidates without
-- changing what matches (app/server/admin/list-sql.ts keeps the LIKE as the
-- judge). External content: the text lives only in consultations; the index
-- is keyed by consultations' rowid and kept in step by the triggers below.
CREATE VIRTUAL TABLE consultations_search USING fts5(
  customer_name, customer_email, project_name,
  content = 'consultations', tokenize = 'trigram'
);

-- Erasure and retention overwrite these fields: with secure-delete the old
-- text's entries are removed from the index itself, not just masked by a
-- delete marker that would keep the erased name's trigrams on disk until a merge.
INSERT INTO consultations_search (consultations_search, rank) VALUES ('secure-delete', 1);

-- Rows that already exist.
INSERT INTO consultations_search (consultations_search) VALUES ('rebuild');

CREATE TRIGGER consultations_search_insert AFTER INSERT ON consultations BEGIN
  INSERT INTO consultations_search (rowid, customer_name, customer_email, project_name)
  VALUES (new.rowid, new.customer_name, new.customer_email, new.project_name);
END;

-- Only when a searched field changes: status changes and edits of other fields
-- leave the index alone.
CREATE TRIGGER consultations_search_update AFTER UPDATE OF customer_name, customer_email, project_name ON consultations BEGIN
  INSERT INTO consultations_search (consultations_search, rowid, customer_name, customer_email, project_name)
  VALUES ('delete', old.rowid, old.customer_name, old.customer_email, old.project_name);
  INSERT INTO consultations_search (rowid, customer_name, customer_email, project_name)
  VALUES (new.rowid, new.customer_name, new.customer_email, new.project_name);
END;

CREATE TRIGGER consultations_search_delete AFTER DELETE ON consultations BEGIN
  INSERT INTO consultations_search (consultations_search, rowid, customer_name, customer_email, project_name)
  VALUES ('delete', old.rowid, old.customer_name, old.customer_email, old.project_name);
END;

-- The genre filter's counts per status (GROUP BY status over one genre) read
-- this index alone, in status order; a genre and a status list by date from it.
CREATE INDEX consultations_genre_status_date ON consultations (genre, status, consultation_date);

-- The list's counts per status when nothing else filters it (every tab, every
-- sort, every page of the unfiltered list): counting 100 000 rows per request
-- cost more than the rest of the page. The triggers keep the four numbers
-- in the same statement as each change, so they can't drift from the rows.
CREATE TABLE consultation_status_counts (
  status TEXT PRIMARY KEY NOT NULL,
  n INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO consultation_status_counts (status, n)
  VALUES ('scheduled', 0), ('completed', 0), ('cancelled', 0), ('no_show', 0);
UPDATE consultation_status_counts
  SET n = (SELECT COUNT(*) FROM consultations WHERE consultations.status = consultation_status_counts.status);

CREATE TRIGGER consultation_status_counts_insert AFTER INSERT ON consultations BEGIN
  UPDATE consultation_status_counts SET n = n + 1 WHERE status = new.status;
END;

CREATE TRIGGER consultation_status_counts_update AFTER UPDATE OF status ON consultations WHEN old.status IS NOT new.status BEGIN
  UPDATE consultation_status_counts SET n = n - 1 WHERE status = old.status;
  UPDATE consultation_status_counts SET n = n + 1 WHERE status = new.status;
END;

CREATE TRIGGER consultation_status_counts_delete AFTER DELETE ON consultations BEGIN
  UPDATE consultation_status_counts SET n = n - 1 WHERE status = old.status;
END;
