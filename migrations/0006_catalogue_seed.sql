-- The service catalogue's starting price list (GBP minor units), written from
-- DEFAULT_CATALOGUE in app/domain/catalogue.ts; tests/unit/services/catalogue-seed.test.ts
-- keeps the two equal. The studio edits, adds and retires items at /admin/services.
-- Fixed ids (pkg_*, addon_*) so recommendations and tests can name them.
-- created_at/updated_at: 2026-01-01T00:00:00Z.
INSERT OR IGNORE INTO catalogue_items
  (id, kind, code, name, description, pricing, base_minor, per_track_minor, percent_bp, turnaround_days, turnaround_days_saved, active, sort_order, created_at, updated_at)
VALUES
  ('pkg_mixing', 'package', 'mixing', 'Mixing', 'Balance, EQ, compression and effects on your multitracks, with two revision rounds.', 'package', 5000, 15000, 0, 7, 0, 1, 10, 1767225600000, 1767225600000),
  ('pkg_mastering', 'package', 'mastering', 'Mastering', 'Loudness, tone and consistency for release on streaming, CD and vinyl.', 'package', 0, 4000, 0, 3, 0, 1, 20, 1767225600000, 1767225600000),
  ('pkg_mix_master', 'package', 'mix_master', 'Mix + master', 'Mixing and mastering together, so the whole release sounds like one record.', 'package', 5000, 18000, 0, 8, 0, 1, 30, 1767225600000, 1767225600000),
  ('pkg_stem_mastering', 'package', 'stem_mastering', 'Stem mastering', 'Mastering from 4–8 stems for more control than a stereo master.', 'package', 0, 7500, 0, 4, 0, 1, 40, 1767225600000, 1767225600000),
  ('pkg_production', 'package', 'production', 'Production and arrangement', 'From an idea, voice memo or demo to a finished, arranged track.', 'package', 20000, 40000, 0, 15, 0, 1, 50, 1767225600000, 1767225600000),
  ('addon_rush', 'addon', 'rush', 'Rush delivery', 'Jumps the queue: delivered 3 working days sooner.', 'percent', 0, 0, 5000, 0, 3, 1, 110, 1767225600000, 1767225600000),
  ('addon_extra_revision', 'addon', 'extra_revision', 'Extra revision round', 'One more round of changes after the included revisions.', 'flat', 4000, 0, 0, 0, 0, 1, 120, 1767225600000, 1767225600000),
  ('addon_stems', 'addon', 'stems', 'Stems delivery', 'Printed stems of every track, for sync, remixes and live shows.', 'per_track', 0, 2500, 0, 0, 0, 1, 130, 1767225600000, 1767225600000),
  ('addon_vocal_tuning', 'addon', 'vocal_tuning', 'Vocal tuning', 'Natural pitch and timing correction of lead and backing vocals.', 'per_track', 0, 3500, 0, 0, 0, 1, 140, 1767225600000, 1767225600000),
  ('addon_instrumental_version', 'addon', 'instrumental_version', 'Instrumental version', 'An instrumental (TV) version of each track.', 'per_track', 0, 1500, 0, 0, 0, 1, 150, 1767225600000, 1767225600000);
