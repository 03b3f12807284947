/** Plumbing shared by the fake Google and fake SendGrid servers. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FaultMode = "500" | "503" | "429" | "timeout";

export type Fault<Route extends string> = {
  path: Route | "*";
  mode: FaultMode;
  /** Sent as Retry-After: seconds (number) or any string, e.g. an HTTP date. */
  retryAfter?: number | string;
  /** How many matching requests fail before the fake recovers; default: all of them. */
  times?: number;
};

export type RecordedRequest = {
  route: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** The fault the fake answered with, if any. */
  fault?: FaultMode;
};

export class FaultBook<Route extends string> {
  private faults: (Fault<Route> & { remaining: number })[] = [];

  set(fault: Fault<Route>): void {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first fault matching the route. */
  take(route: Route): Fault<Route> | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.path === route || f.path === "*"));
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault;
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    ...headers,
  });
  res.end(text);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

export type RunningServer = { url: string; close: () => Promise<void>; hang: (res: ServerResponse) => void };

/**
 * Listens on 127.0.0.1 only. `hang` parks a response forever (the "timeout"
 * fault); close() tears those sockets down so tests never leak handles.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port = 0,
): Promise<RunningServer> {
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: `fake crashed: ${String(error)}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    hang: (res) => {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export function retryAfterHeader(fault: { retryAfter?: number | string }): Record<string, string> {
  return fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
}
