// A D1 binding whose every round trip (a statement's all/first/run/raw, a
// batch, an exec) goes through `around`: timing it for Server-Timing
// (server-timing.server.ts) or letting requests go first (background-d1).
// Statements it hands out are unwrapped again for batch(), which takes only
// the binding's own statements.

export type AroundCall = <T>(call: () => Promise<T>) => Promise<T>;

type Call = (...args: unknown[]) => Promise<unknown>;

export function aroundD1(db: D1Database, around: AroundCall): D1Database {
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, key) {
        if (key === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (key === "all" || key === "first" || key === "run" || key === "raw") {
          return (...args: unknown[]) => around(() => (target[key] as Call).apply(target, args));
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
      if (key === "batch") return (statements: D1PreparedStatement[]) => around(() => target.batch(statements.map((s) => originals.get(s) ?? s)));
      if (key === "exec") return (sql: string) => around(() => target.exec(sql));
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
