/**
 * Shared HTTP plumbing for every outside-system client (Google Calendar,
 * SendGrid, Resend): one result union, one timeout policy, one Retry-After
 * parser, so the job runner can treat all providers alike.
 */

export type ProviderFailure = {
  ok: false;
  /** HTTP status; 0 when no response arrived (network error or timeout). */
  status: number;
  retryAfterSeconds?: number;
  message: string;
  retryable: boolean;
};

/** The slice of `fetch` we use; the global fetch and test doubles both fit. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Returns whole seconds from `now`, never negative; undefined when absent or junk.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  // Only an HTTP-date has letters; Date.parse would read "-5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** 429 and 5xx are worth retrying; other 4xx mean our request is wrong. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export function failureFromResponse(
  response: Response,
  message: string,
  options: { retryable?: boolean; now?: number } = {},
): ProviderFailure {
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"), options.now);
  return {
    ok: false,
    status: response.status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    message,
    retryable: options.retryable ?? isRetryableStatus(response.status),
  };
}

/**
 * fetch with a hard deadline. Never throws: a network error or timeout comes
 * back as a retryable failure with status 0, because in both cases we cannot
 * know whether the provider acted, and every caller sends idempotent requests.
 */
export async function fetchWithTimeout(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Promise<{ ok: true; response: Response; bodyText: string } | ProviderFailure> {
  try {
    const response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    // Read the body under the same deadline: a server can stall after headers.
    const bodyText = await response.text();
    return { ok: true, response, bodyText };
  } catch (error) {
    // DOMException is not an Error subclass in every runtime, so read the name structurally.
    const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return {
      ok: false,
      status: 0,
      message: timedOut ? `timed out after ${timeoutMs} ms` : `network error: ${errorMessage(error)}`,
      retryable: true,
    };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses JSON without throwing; providers sometimes answer HTML on 5xx. */
export function safeJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
