import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requestEnded, requestStarted, whenNoRequest, whenQuiet } from "~/server/in-flight.server";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Whether the promise has settled, read after advancing the fake timers. */
const settled = (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
};

// Work that can wait (the outbox's consumer, the cron) goes on between requests (docs/decisions/0050).
describe("whenNoRequest", () => {
  it("goes on at the next turn when no request is being handled", async () => {
    const done = settled(whenNoRequest(20));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it("waits for the requests being handled to end", async () => {
    requestStarted();
    requestStarted();
    const done = settled(whenNoRequest(1_000));
    requestEnded();
    await vi.advanceTimersByTimeAsync(5);
    expect(done()).toBe(false);
    requestEnded();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it("goes on after the longest wait even if requests never stop", async () => {
    requestStarted();
    const done = settled(whenNoRequest(20));
    await vi.advanceTimersByTimeAsync(19);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    requestEnded();
  });
});

// A background run waits for a lull, not just the gap between two requests of a busy client (docs/decisions/0056).
describe("whenQuiet", () => {
  it("goes on once no request has come or gone for the quiet time", async () => {
    requestStarted();
    requestEnded();
    const done = settled(whenQuiet(10, 1_000));
    await vi.advanceTimersByTimeAsync(9);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it("starts counting again at every request, and while one runs", async () => {
    const done = settled(whenQuiet(10, 1_000));
    for (let i = 0; i < 20; i++) {
      requestStarted();
      await vi.advanceTimersByTimeAsync(4);
      requestEnded();
      await vi.advanceTimersByTimeAsync(2);
      expect(done()).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(10);
    expect(done()).toBe(true);
  });

  it("goes on after the longest wait under a steady stream of requests", async () => {
    requestStarted();
    const done = settled(whenQuiet(10, 50));
    await vi.advanceTimersByTimeAsync(49);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    requestEnded();
  });
});
