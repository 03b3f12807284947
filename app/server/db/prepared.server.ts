import { is, Param, Placeholder, sql, type Query } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Db } from "./client.server";

// The hot statements' SQL, built by drizzle once per isolate instead of on
// every request (docs/decisions/0051). drizzle stays the query builder and the
// result mapper (its column names, types and decoders); what it no longer does
// per request is walk each query's parts to write the SQL and collect the
// parameters, which was about a quarter of a booking's own CPU. A statement is
// built with named placeholders on a builder that never runs anything; a
// request binds its values and runs it on its own D1 binding (the timed one,
// workers/app.ts), so Server-Timing still counts every round trip. D1 stays the
// truth: the SQL is cached, never a result.

/** What drizzle's `.prepare()` hands back, as far as it is used here (public API). */
type DrizzlePrepared = {
  getQuery(): Query;
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
  execute(placeholderValues?: Record<string, unknown>): Promise<unknown>;
};

/** A statement ready for a batch, and how to read its result. */
export type BoundStatement<R> = { statement: D1PreparedStatement; result(response: D1Result): R };

/** The placeholders a build function writes into its query, one per value the request supplies. */
export type Placeholders<V> = { [K in keyof V & string]: Placeholder<K, V[K]> };

// drizzle as a builder only: `.prepare()` asks its client to prepare the SQL
// once and keeps what it gets; nothing is ever run through it.
const builder: Db = drizzle({ prepare: () => ({}) } as unknown as D1Database);
const placeholders = new Proxy({} as Record<string, Placeholder>, { get: (_, name) => sql.placeholder(String(name)) });

// Each parameter of the built SQL: a value fixed in the query, or one the request supplies by name.
type Slot = { fixed: unknown } | { name: string; encode?: (value: unknown) => unknown };

/**
 * A statement built once (on first use) from `build`, which writes each
 * per-request value as `p.<name>`; `bind(db, values)` makes it ready for
 * `runBatch` on that request's D1. The result is what drizzle's own query
 * would have answered (rows mapped to their field names and types).
 */
export function preparedStatement<V extends Record<string, unknown>, P extends DrizzlePrepared>(
  build: (db: Db, p: Placeholders<V>) => { prepare(): P },
): { bind(db: Db, values: V): BoundStatement<Awaited<ReturnType<P["execute"]>>>; sql(): string } {
  let built: { sql: string; slots: Slot[]; prepared: P } | undefined;
  const get = () => {
    if (built) return built;
    const prepared = build(builder, placeholders as Placeholders<V>).prepare();
    const query = prepared.getQuery();
    const slots = query.params.map((p): Slot => {
      if (is(p, Placeholder)) return { name: p.name };
      if (is(p, Param) && is(p.value, Placeholder)) {
        const encoder = p.encoder;
        return { name: p.value.name, encode: (value) => encoder.mapToDriverValue(value) };
      }
      return { fixed: p };
    });
    return (built = { sql: query.sql, slots, prepared });
  };
  return {
    bind(db, values) {
      const { sql: text, slots, prepared } = get();
      const params = slots.map((slot) => {
        if ("fixed" in slot) return slot.fixed;
        if (!(slot.name in values)) throw new Error(`No value for placeholder "${slot.name}"`);
        const value = values[slot.name];
        return slot.encode ? slot.encode(value) : value;
      });
      return {
        statement: db.$client.prepare(text).bind(...params),
        result: (response) => prepared.mapResult(response, true) as Awaited<ReturnType<P["execute"]>>,
      };
    },
    sql: () => get().sql,
  };
}

/** A drizzle query built now (the statements that are not hot), for the same batch. */
export function drizzleStatement<Q extends { prepare(): DrizzlePrepared }>(db: Db, query: Q): BoundStatement<Awaited<Q>> {
  const prepared = query.prepare();
  const { sql: text, params } = prepared.getQuery();
  return { statement: db.$client.prepare(text).bind(...params), result: (response) => prepared.mapResult(response, true) as Awaited<Q> };
}

type Results<T extends readonly BoundStatement<unknown>[]> = { -readonly [K in keyof T]: T[K] extends BoundStatement<infer R> ? R : never };

/** One D1 batch (one round trip, one transaction) of bound statements, each result read as its statement says. */
export async function runBatch<const T extends readonly BoundStatement<unknown>[]>(db: Db, statements: T): Promise<Results<T>> {
  const responses = await db.$client.batch(statements.map((s) => s.statement));
  return statements.map((s, i) => s.result(responses[i])) as Results<T>;
}

/** One bound statement on its own (a round trip of its own, outside any batch). */
export async function runStatement<R>(db: Db, bound: BoundStatement<R>): Promise<R> {
  return bound.result(await bound.statement.all());
}
