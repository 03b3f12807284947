// What the browser tests share: the studio's zone, labels as the page should
// print them, slot picking that follows the real clock, and the booking form.
import type { Locator, Page } from "playwright-core";

export const STUDIO_TZ = "Europe/London";
export const TAKEN_MESSAGE = "Sorry, that time was just taken. Please pick another.";

const MINUTE = 60_000;
// The studio wants 2 h notice. A slot that close to the limit can turn "too
// soon" while a test is filling the form (the clock is real), so tests keep
// this much extra lead.
const MIN_NOTICE_MINUTES = 120;
const SAFETY_MARGIN_MINUTES = 20;

function parts(iso: string, timeZone: string) {
  const fields = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => fields.find((p) => p.type === type)?.value ?? "";
  return { weekday: get("weekday"), day: get("day"), month: get("month"), year: get("year"), hour: get("hour"), minute: get("minute") };
}

/** "20:45": the wall-clock time of an instant in a zone. */
export function clockLabel(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** "Wednesday 25 November 2026, 20:45", as the app prints a booked time. */
export function longLabel(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/**
 * How the confirmation and manage pages write an instant for the browser's
 * en-GB locale (app/domain/locale.ts: the locale's own full date, short time).
 */
export function pageLabel(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone }).format(Date.parse(iso));
}

/**
 * What a slot's label reads. On the week's grid, the time (the day's heading
 * tells screen readers the studio's clock, once; a slot says its own studio
 * time only on a day the clocks change, which no test's week has). A slot
 * shown outside its day (the nearest free times) has its date too, in the
 * locale's own words like a booked time (pageLabel), and its studio time for
 * screen readers.
 */
export function slotLabelText(iso: string, timeZone: string, { withDay = false } = {}): string {
  if (!withDay) return clockLabel(iso, timeZone);
  const studio = clockLabel(iso, STUDIO_TZ);
  const shown = pageLabel(iso, timeZone);
  return studio === clockLabel(iso, timeZone) ? shown : `${shown} (${studio} studio time)`;
}

/** A slot radio's value: the instant without its zero seconds ("2026-12-07T10:00Z"). */
export function radioValue(iso: string): string {
  return iso.replace(/:00\.000Z$/, "Z");
}

// Tests run one after another in one file, so a module-level set keeps them on
// different slots even when a test looks at a slot without booking it.
const claimed = new Set<string>();

/**
 * The first slot from `offered` (ISO instants, in page order) that no other
 * test has used and that starts comfortably after the notice period.
 */
export function claimSlot(offered: string[], { extraLeadMinutes = 0 } = {}): string {
  const earliest = Date.now() + (MIN_NOTICE_MINUTES + SAFETY_MARGIN_MINUTES + extraLeadMinutes) * MINUTE;
  const slot = offered.find((iso) => Date.parse(iso) >= earliest && !claimed.has(iso));
  if (!slot) throw new Error(`No unused slot after ${new Date(earliest).toISOString()} among ${offered.length} offered`);
  claimed.add(slot);
  return slot;
}

export function isClaimable(iso: string): boolean {
  return Date.parse(iso) >= Date.now() + (MIN_NOTICE_MINUTES + SAFETY_MARGIN_MINUTES) * MINUTE && !claimed.has(iso);
}

export function markClaimed(iso: string) {
  claimed.add(iso);
}

/** Free slots as GET /api/slots reports them (ISO instants). */
export async function apiFreeSlots(baseUrl: string, days = 14): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/slots?days=${days}`);
  if (!response.ok) throw new Error(`GET /api/slots answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { days: { slots: { startsAt: string }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => s.startsAt));
}

/** The radios of the week grid (not the "nearest free times"), in page order. */
export function gridRadios(page: Page): Locator {
  return page.locator('.slot-picker .days input[type="radio"][name="consultationDate"]');
}

export function alternativeRadios(page: Page): Locator {
  return page.locator('.slot-picker .alternatives input[type="radio"][name="consultationDate"]');
}

/** The radios' values as ISO instants, like GET /api/slots gives them. */
export async function radioValues(radios: Locator): Promise<string[]> {
  const values: string[] = [];
  for (const radio of await radios.all()) values.push(new Date((await radio.getAttribute("value")) ?? "").toISOString());
  return values;
}

const GROUP = { slot: ".slot-picker .days", alt: ".slot-picker .alternatives" };

/** A slot's label (the radio sits inside it), on the week's grid or among the nearest free times. */
export function slotLabel(page: Page, iso: string, where: "slot" | "alt" = "slot"): Locator {
  return page.locator(`${GROUP[where]} label:has(> input[type="radio"][value="${radioValue(iso)}"])`);
}

export function slotRadio(page: Page, iso: string, where: "slot" | "alt" = "slot"): Locator {
  return page.locator(`${GROUP[where]} input[type="radio"][value="${radioValue(iso)}"]`);
}

/** Conform sets novalidate on the form once React has hydrated it. */
export async function waitForHydration(page: Page) {
  await page.locator("form#booking[novalidate]").waitFor({ state: "attached", timeout: 15_000 });
}

export type Details = {
  projectName: string;
  projectDescription: string;
  genre: string;
  bpm?: string;
  specialRequirements?: string;
  customerName: string;
  customerEmail: string;
  customerPhone?: string;
};

export function details(who: string, overrides: Partial<Details> = {}): Details {
  return {
    projectName: `E2E ${who}`,
    projectDescription: `Mixing notes for the ${who} test: vocals sit too far back in the chorus.`,
    genre: "Jazz",
    bpm: "96",
    specialRequirements: "Step-free access, please.",
    customerName: `Tester ${who}`,
    customerEmail: `e2e+${who.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@example.com`,
    customerPhone: "+44 20 7946 0958",
    ...overrides,
  };
}

/** The form's controls, found the way a user finds them: by their labels. */
export function controls(page: Page) {
  const form = page.locator("form#booking");
  return {
    projectName: form.getByLabel("Project name"),
    projectDescription: form.getByLabel("Project description"),
    genre: form.getByLabel("Genre"),
    bpm: form.getByLabel("BPM"),
    specialRequirements: form.getByLabel("Special requirements"),
    customerName: form.getByLabel("Your name"),
    customerEmail: form.getByLabel("Email"),
    customerPhone: form.getByLabel("Phone"),
    submit: form.getByRole("button", { name: /Book consultation|Booking your consultation/ }),
  };
}

export async function fillDetails(page: Page, d: Details) {
  const c = controls(page);
  await c.projectName.fill(d.projectName);
  await c.projectDescription.fill(d.projectDescription);
  await c.genre.selectOption(d.genre);
  await c.bpm.fill(d.bpm ?? "");
  await c.specialRequirements.fill(d.specialRequirements ?? "");
  await c.customerName.fill(d.customerName);
  await c.customerEmail.fill(d.customerEmail);
  await c.customerPhone.fill(d.customerPhone ?? "");
}

/** The error messages shown for a control, read through its aria-describedby. */
export async function describedErrors(page: Page, control: Locator): Promise<{ ids: string[]; errorId: string | null; text: string }> {
  const ids = ((await control.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  for (const id of ids) {
    const element = page.locator(`[id="${id}"]`);
    if ((await element.count()) === 1 && (await element.getAttribute("class"))?.includes("field-errors")) {
      return { ids, errorId: id, text: ((await element.textContent()) ?? "").trim() };
    }
  }
  return { ids, errorId: null, text: "" };
}

/** The .field wrapper of a control: its label, hint, control and errors live there together. */
export function fieldOf(control: Locator): Locator {
  return control.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' field ')][1]");
}

export const CONFIRMED_URL = /\/book\/confirmed\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function referenceFor(id: string): string {
  return `SC-${id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** The value next to a <dt> in the confirmation summary. */
export function summaryValue(page: Page, term: string): Locator {
  return page.locator(".summary dt", { hasText: term }).locator("xpath=following-sibling::dd[1]");
}
