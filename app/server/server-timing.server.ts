// Where a request's time goes, per request: D1 round trips, SlotLock calls and
// the React render, sent as a Server-Timing header (browsers' devtools show it)
// and put on the request's JSON log line (`wrangler tail`). Workers' clocks only
// move across I/O, so db and lock are real; render (pure CPU) reads 0 deployed.

import { aroundD1 } from "./db/around-d1.server";

export type TimedMetric = "db" | "lock" | "render";

export type ServerTiming = {
  time<T>(metric: TimedMetric, work: Promise<T>): Promise<T>;
  add(metric: TimedMetric, ms: number): void;
  /** The Server-Timing header value, with `total` since `startedAt`. */
  header(): string;
  /** The same figures for the log line. */
  fields(): Record<string, number>;
};

const DESCRIPTIONS: Record<TimedMetric, string> = { db: "D1", lock: "SlotLock", render: "React render" };

export function createServerTiming(startedAt = performance.now()): ServerTiming {
  const totals: Record<TimedMetric, { ms: number; calls: number }> = {
    db: { ms: 0, calls: 0 },
    lock: { ms: 0, calls: 0 },
    render: { ms: 0, calls: 0 },
  };
  const add = (metric: TimedMetric, ms: number) => {
    totals[metric].ms += ms;
    totals[metric].calls += 1;
  };
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    add,
    async time(metric, work) {
      const started = performance.now();
      try {
        return await work;
      } finally {
        add(metric, performance.now() - started);
      }
    },
    header() {
      const parts = (Object.keys(totals) as TimedMetric[])
        .filter((metric) => totals[metric].calls > 0)
        .map((metric) => `${metric};dur=${round(totals[metric].ms)};desc="${DESCRIPTIONS[metric]} calls: ${totals[metric].calls}"`);
      return [...parts, `total;dur=${round(performance.now() - startedAt)}`].join(", ");
    },
    fields() {
      const out: Record<string, number> = {};
      for (const metric of Object.keys(totals) as TimedMetric[]) {
        if (totals[metric].calls === 0) continue;
        out[`${metric}Ms`] = round(totals[metric].ms);
        out[`${metric}Calls`] = totals[metric].calls;
      }
      return out;
    },
  };
}

/** The D1 binding with every round trip timed (a statement's all/first/run/raw, a batch, an exec). */
export function timedD1(db: D1Database, timing: ServerTiming): D1Database {
  return aroundD1(db, (call) => timing.time("db", call()));
}
