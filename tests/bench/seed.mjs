// Bench data written straight into D1: consultations at the studio's slot
// times (weekdays 10:00-19:00 Europe/London, 15 minutes) around now. At most one
// scheduled consultation per start (the unique index); the rest are cancelled,
// completed or no-shows, as a studio's history would have them.

const QUARTER = 15 * 60_000;
const DAY = 24 * 60 * 60_000;
const GENRES = ["Electronic", "Jazz", "Pop", "Hip-Hop", "Rock", "House", "Techno", "Folk"];
const NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Nina Simone", "Brian Eno", "Delia Derbyshire", "Quincy Jones", "Kate Bush"];

function londonOffsetHours(instant) {
  const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(instant));
  return (hour - new Date(instant).getUTCHours() + 24) % 24;
}

/** Every slot start (epoch ms) of the studio's working days in [from, to). */
export function slotStarts(from, to) {
  const starts = [];
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const offset = londonOffsetHours(day + 12 * 3_600_000) * 3_600_000;
    for (let minutes = 600; minutes + 15 <= 1140; minutes += 15) {
      const start = day + minutes * 60_000 - offset;
      if (start >= from && start < to) starts.push(start);
    }
  }
  return starts;
}

const quote = (v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/**
 * `count` consultations over `days` days centred on now. Future slots are
 * scheduled with probability `bookedShare` (the booking page then shows the
 * rest); every other row is history. Returns the scheduled future starts.
 */
export async function seedConsultations(db, { count, days, now = Date.now(), bookedShare = 0.5, seed = 1 }) {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const starts = slotStarts(now - (days / 2) * DAY, now + (days / 2) * DAY);
  const scheduled = new Set();
  const decided = new Set();
  const rows = [];
  for (let i = 0; i < count; i++) {
    const start = starts[i % starts.length];
    const future = start > now + 2 * 3_600_000;
    let status;
    const first = !decided.has(start);
    decided.add(start);
    if (future && first && random() < bookedShare) {
      status = "scheduled";
      scheduled.add(start);
    } else if (future || random() < 0.2) status = "cancelled";
    else status = random() < 0.9 ? "completed" : "no_show";
    const created = Math.min(now, start) - Math.floor(random() * 20 * DAY);
    const name = NAMES[i % NAMES.length];
    rows.push([
      crypto.randomUUID(),
      `Project ${i}`,
      "A record that needs mixing and mastering.",
      GENRES[i % GENRES.length],
      90 + (i % 60),
      start,
      "Europe/London",
      status,
      `${name} ${i}`,
      `client${i}@example.com`,
      created,
      created,
    ]);
  }
  const perStatement = 400;
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows
      .slice(i, i + perStatement)
      .map((r) => `(${r.map(quote).join(", ")})`)
      .join(",\n");
    statements.push(
      `INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, time_zone, status, customer_name, customer_email, created_at, updated_at) VALUES ${values}`,
    );
  }
  for (let i = 0; i < statements.length; i += 25) await db.batch(statements.slice(i, i + 25).map((s) => db.prepare(s)));
  await db.exec("ANALYZE");
  return [...scheduled];
}
