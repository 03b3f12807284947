import { bearerToken } from "./api-tokens.server";

// Bearer tokens this isolate accepted in the last few minutes
// (docs/decisions/0063). A route may start its first read beside such a
// token's re-check, so the two D1 round trips overlap; its answer still waits
// for the check, and a token that fails it is forgotten. A token not accepted
// here lately, or no token, gets no read before its check: nobody without a
// working token can make the studio's D1 do a list's work.

const ACCEPTED_FOR_MS = 10 * 60_000;
const MAX_REMEMBERED = 64;
const acceptedAt = new Map<string, number>();

export function noteTokenVerdict(token: string, accepted: boolean, now: number): void {
  acceptedAt.delete(token);
  if (!accepted) return;
  acceptedAt.set(token, now);
  if (acceptedAt.size > MAX_REMEMBERED) acceptedAt.delete(acceptedAt.keys().next().value as string);
}

/** Whether the request's bearer token was accepted here within the last few minutes. */
export function mayReadBeforeSignIn(request: Request, now: number): boolean {
  const token = bearerToken(request);
  if (!token) return false;
  const at = acceptedAt.get(token);
  return at !== undefined && now - at >= 0 && now - at < ACCEPTED_FOR_MS;
}
