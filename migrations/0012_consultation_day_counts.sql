-- The list's counts per status for a date range and nothing else (the studio's
-- "completed last year"): counting every consultation in a long range read
-- most of the table on each request. Counts per status and UTC day, kept by
-- triggers in the same statement as each change (like consultation_status_counts,
-- 0010), so a range's whole days are summed from a few hundred rows and only
-- its two part-days are counted from the rows (docs/decisions/0062).
-- day = consultation_date / 86 400 000 (whole UTC days since 1970).
CREATE TABLE consultation_day_counts (
  status TEXT NOT NULL,
  day INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (status, day)
) WITHOUT ROWID;

INSERT INTO consultation_day_counts (status, day, n)
  SELECT status, consultation_date / 86400000, COUNT(*) FROM consultations GROUP BY status, consultation_date / 86400000;

CREATE TRIGGER consultation_day_counts_insert AFTER INSERT ON consultations BEGIN
  INSERT OR IGNORE INTO consultation_day_counts (status, day, n) VALUES (new.status, new.consultation_date / 86400000, 0);
  UPDATE consultation_day_counts SET n = n + 1 WHERE status = new.status AND day = new.consultation_date / 86400000;
END;

CREATE TRIGGER consultation_day_counts_update AFTER UPDATE OF status, consultation_date ON consultations
  WHEN old.status IS NOT new.status OR old.consultation_date / 86400000 IS NOT new.consultation_date / 86400000
BEGIN
  UPDATE consultation_day_counts SET n = n - 1 WHERE status = old.status AND day = old.consultation_date / 86400000;
  INSERT OR IGNORE INTO consultation_day_counts (status, day, n) VALUES (new.status, new.consultation_date / 86400000, 0);
  UPDATE consultation_day_counts SET n = n + 1 WHERE status = new.status AND day = new.consultation_date / 86400000;
END;

CREATE TRIGGER consultation_day_counts_delete AFTER DELETE ON consultations BEGIN
  UPDATE consultation_day_counts SET n = n - 1 WHERE status = old.status AND day = old.consultation_date / 86400000;
END;
