// Test data for bookings: a valid body, and the free slots the worker offers now.
import type { TestWorker } from "./harness";

export function bookingBody(consultationDate: string, overrides: Record<string, unknown> = {}) {
  return {
    projectName: "Night Drive",
    projectDescription: "A synthwave EP that needs mixing and mastering.",
    genre: "Electronic",
    bpm: 118,
    customerName: "Ada Lovelace",
    customerEmail: "ada@example.com",
    customerPhone: "+44 20 7946 0958",
    specialRequirements: "Step-free access, please.",
    consultationDate,
    timeZone: "Europe/London",
    ...overrides,
  };
}

export function bookingForm(consultationDate: string, overrides: Record<string, string> = {}) {
  return {
    projectName: "Night Drive",
    projectDescription: "A synthwave EP that needs mixing and mastering.",
    genre: "Electronic",
    bpm: "118",
    customerName: "Ada Lovelace",
    customerEmail: "ada@example.com",
    customerPhone: "+44 20 7946 0958",
    specialRequirements: "",
    consultationDate,
    timeZone: "Europe/London",
    idempotencyKey: crypto.randomUUID(),
    website: "",
    ...overrides,
  };
}

export type ApiSlot = { startsAt: string; endsAt: string; label: string; studioLabel: string };
export type ApiDay = { date: string; weekday: string; reason: string | null; slots: ApiSlot[] };

// Slots close to the minimum notice (2 h) may become "too soon" while a test
// runs; tests take slots at least this far ahead so the clock cannot flip them.
const SAFE_LEAD_MS = 3 * 60 * 60 * 1000;

export async function freeSlots(worker: TestWorker, query = "days=31"): Promise<ApiSlot[]> {
  const res = await worker.fetch(`/api/slots?${query}`);
  if (res.status !== 200) throw new Error(`GET /api/slots answered ${res.status}`);
  const body = (await res.json()) as { days: ApiDay[] };
  const earliest = Date.now() + SAFE_LEAD_MS;
  return body.days.flatMap((d) => d.slots).filter((s) => Date.parse(s.startsAt) >= earliest);
}

export async function countConsultations(worker: TestWorker, where = "status = 'scheduled'") {
  const row = await worker.db.prepare(`SELECT COUNT(*) AS n FROM consultations WHERE ${where}`).first<{ n: number }>();
  return row?.n ?? 0;
}
