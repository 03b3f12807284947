/** A studio tool receiving our webhooks: records every POST as it arrived (raw body, headers) and can fail on demand. */
import { FaultBook, listen, readBody, sendJson, type Fault } from "./http";

export type ReceivedWebhook = {
  path: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
  /** What the receiver answered. */
  answered: number | "timeout";
};

export type FakeReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** Faults by request path ("/flaky") or "*" for every path. */
  faults: FaultBook<string>;
  /** Each answer waits this long first (overlapping runs in the concurrency test). */
  setDelay(ms: number): void;
  close(): Promise<void>;
};

export async function startFakeReceiver(): Promise<FakeReceiver> {
  const received: ReceivedWebhook[] = [];
  const faults = new FaultBook<string>();
  let delayMs = 0;
  const server = await listen(async (req, res) => {
    const rawBody = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
    const entry: ReceivedWebhook = { path: req.url ?? "/", headers, rawBody, answered: 200 };
    received.push(entry);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const fault: Fault<string> | undefined = faults.take(entry.path);
    if (fault?.mode === "timeout") {
      entry.answered = "timeout";
      server.hang(res);
      return;
    }
    if (fault) {
      entry.answered = Number(fault.mode);
      sendJson(res, Number(fault.mode), { error: "receiver is down" });
      return;
    }
    sendJson(res, 200, { received: true });
  });
  return { url: server.url, received, faults, setDelay: (ms) => void (delayMs = ms), close: server.close };
}
