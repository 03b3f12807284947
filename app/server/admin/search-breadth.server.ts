import type { ListQuery } from "~/domain/consultation-list";

// How broad each recent search was (more matches than the counts' cap, or
// not), per isolate (docs/decisions/0067). A search must know its breadth to
// pick how to find its page (list-sql.ts: SearchPlan), which cost a round trip
// of its own before the page. With the last answer's breadth the count and the
// page go out together; the count that comes back says whether the guess was
// right, and only then is it remembered. A wrong guess costs time, never a
// wrong answer: either plan finds the same page.

export type Breadth = "few" | "many";

const MAX_REMEMBERED = 200;
const remembered = new Map<string, Breadth>();

/** The filters that decide a search's matches (not its status tab, order or page). */
function keyOf(query: ListQuery, countLimit: number): string {
  return JSON.stringify([query.q, query.genre, query.from, query.to, query.rating, query.source, countLimit]);
}

export function lastBreadth(query: ListQuery, countLimit: number): Breadth | undefined {
  return remembered.get(keyOf(query, countLimit));
}

export function noteBreadth(query: ListQuery, countLimit: number, breadth: Breadth): void {
  const key = keyOf(query, countLimit);
  remembered.delete(key);
  remembered.set(key, breadth);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
}
