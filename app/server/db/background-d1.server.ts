// The D1 binding for work that can wait (the outbox's queue consumer and the
// cron): every round trip first lets the isolate's event loop go round once
// (a zero timer), so whatever a request has ready (its next step, a request
// that just arrived) runs before this work's next step. One isolate runs one
// JavaScript thread and serves requests, queue batches and crons together
// (docs/decisions/0050): a batch of calendar entries and emails must not make
// a booking that lands beside it wait for the whole batch.

/** Resolves on the event loop's next turn, after everything already waiting to run (including new I/O). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

type Call = (...args: unknown[]) => Promise<unknown>;

export function backgroundD1(db: D1Database): D1Database {
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, key) {
        if (key === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (key === "all" || key === "first" || key === "run" || key === "raw") {
          return async (...args: unknown[]) => {
            await nextTurn();
            return (target[key] as Call).apply(target, args);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    originals.set(wrapped, statement);
    return wrapped;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (key === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          await nextTurn();
          return target.batch(statements.map((s) => originals.get(s) ?? s));
        };
      }
      if (key === "exec") {
        return async (sql: string) => {
          await nextTurn();
          return target.exec(sql);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
