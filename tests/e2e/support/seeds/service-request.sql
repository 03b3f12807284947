-- Completed consultations for tests/e2e/service-request.test.ts: a consultation
-- can only be marked completed after it started, which a browser test with the
-- real clock cannot wait for. Dates are in the past (2026-01-05/06 10:00 London).
INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, duration_minutes, time_zone, status,
  customer_name, customer_email, customer_phone, special_requirements, created_at, updated_at)
VALUES
  ('e2e00000-0000-4000-8000-000000000001', 'Harbour Lights', 'A four-song indie EP: 4 tracks recorded live, lead vocals need some tuning.', 'Indie', 96,
    1767607200000, 15, 'Europe/London', 'completed', 'Robin No-Script', 'robin.noscript@example.com', NULL, NULL, 1767000000000, 1767000000000),
  ('e2e00000-0000-4000-8000-000000000002', 'Glass Tides', 'Two singles to mix and master for streaming.', 'Electronic', 124,
    1767693600000, 15, 'Europe/London', 'completed', 'Sam Script', 'sam.script@example.com', NULL, NULL, 1767000000000, 1767000000000);
