import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requestEnded, requestStarted, whenNoRequest } from "~/server/in-flight.server";

// Work that can wait (the outbox's consumer, the cron) goes on between requests (docs/decisions/0050).
describe("whenNoRequest", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settled = (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    return () => done;
  };

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
