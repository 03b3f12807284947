// Test support for the admin suites: an admin account, a signed-in session
// (through the real POST /admin/login), an API token, and consultations
// written straight into D1 when a test needs past dates or other statuses.
import { createHash } from "node:crypto";
import { hashPassword } from "../../app/server/auth/password.server";
import type { TestWorker } from "./harness";

export const ADMIN = { email: "studio@example.com", name: "Sam Studio", password: "correct horse battery staple" };

export async function seedAdmin(worker: TestWorker, admin = ADMIN): Promise<string> {
  const id = crypto.randomUUID();
  // Fewer PBKDF2 rounds than production keeps the tests quick; the stored hash says how many.
  const hash = await hashPassword(admin.password, { iterations: 1000 });
  await worker.db
    .prepare("INSERT INTO admins (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(id, admin.email, admin.name, hash, Date.now())
    .run();
  return id;
}

/** Signs in through the login form and returns the Cookie header to send. */
export async function signIn(worker: TestWorker, admin = ADMIN): Promise<string> {
  const res = await worker.postForm("/admin/login", { email: admin.email, password: admin.password, redirectTo: "/admin" });
  if (res.status !== 302) throw new Error(`POST /admin/login answered ${res.status}: ${await res.text()}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const match = /^([^=;]+)=([^;]+)/.exec(setCookie);
  if (!match) throw new Error(`POST /admin/login set no cookie: ${setCookie}`);
  return `${match[1]}=${match[2]}`;
}

export async function createToken(worker: TestWorker, adminId: string): Promise<string> {
  const token = `sct_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")}`;
  const hash = createHash("sha256").update(token).digest("hex");
  await worker.db
    .prepare("INSERT INTO api_tokens (id, admin_id, name, token_prefix, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(crypto.randomUUID(), adminId, "tests", token.slice(0, 12), hash, Date.now())
    .run();
  return token;
}

export type Admin = {
  cookie: string;
  token: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, fields: Record<string, string>): Promise<Response>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
};

export async function asAdmin(worker: TestWorker): Promise<Admin> {
  const adminId = await seedAdmin(worker);
  const cookie = await signIn(worker);
  const token = await createToken(worker, adminId);
  return {
    cookie,
    token,
    get: (path, headers = {}) => worker.fetch(path, { headers: { cookie, ...headers } }),
    post: (path, fields) => worker.postForm(path, fields, { cookie }),
    put: (path, body, headers = {}) =>
      worker.fetch(path, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      }),
  };
}

export type SeedConsultation = {
  id?: string;
  startsAt: number;
  status?: "scheduled" | "completed" | "cancelled" | "no_show";
  customerName?: string;
  customerEmail?: string;
  projectName?: string;
  genre?: string;
  createdAt?: number;
  specialRequirements?: string | null;
};

let seeded = 0;

/** A consultation written straight into D1, with its first history row. */
export async function insertConsultation(worker: TestWorker, c: SeedConsultation): Promise<string> {
  const id = c.id ?? crypto.randomUUID();
  const createdAt = c.createdAt ?? Date.now() - 1000 + seeded++;
  const status = c.status ?? "scheduled";
  await worker.db.batch([
    worker.db
      .prepare(
        `INSERT INTO consultations (id, project_name, project_description, genre, bpm, consultation_date, duration_minutes, time_zone,
           status, customer_name, customer_email, customer_phone, special_requirements, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 15, 'Europe/London', ?, ?, ?, NULL, ?, ?, ?)`,
      )
      .bind(
        id,
        c.projectName ?? "Night Drive",
        "A synthwave EP that needs mixing.",
        c.genre ?? "Electronic",
        120,
        c.startsAt,
        status,
        c.customerName ?? "Ada Lovelace",
        c.customerEmail ?? "ada@example.com",
        c.specialRequirements ?? null,
        createdAt,
        createdAt,
      ),
    worker.db
      .prepare(
        `INSERT INTO consultation_status_history (id, consultation_id, from_status, to_status, actor, reason, created_at)
         VALUES (?, ?, NULL, 'scheduled', 'client', 'Booked online', ?)`,
      )
      .bind(crypto.randomUUID(), id, createdAt),
    ...(status === "scheduled"
      ? []
      : [
          worker.db
            .prepare(
              `INSERT INTO consultation_status_history (id, consultation_id, from_status, to_status, actor, reason, created_at)
               VALUES (?, ?, 'scheduled', ?, ?, NULL, ?)`,
            )
            .bind(crypto.randomUUID(), id, status, status === "cancelled" ? "client" : "studio", createdAt + 1),
        ]),
  ]);
  return id;
}

/** Epoch ms of a wall time in Europe/London (the tests' studio zone). */
export function londonTime(date: string, time: string): number {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offsetHours = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(guess),
  ) - new Date(guess).getUTCHours();
  return guess - ((offsetHours + 24) % 24) * 3_600_000;
}

export async function historyOf(worker: TestWorker, id: string) {
  const rows = await worker.db
    .prepare("SELECT from_status, to_status, actor, actor_detail, reason FROM consultation_status_history WHERE consultation_id = ? ORDER BY created_at, rowid")
    .bind(id)
    .all<{ from_status: string | null; to_status: string; actor: string; actor_detail: string | null; reason: string | null }>();
  return rows.results;
}
