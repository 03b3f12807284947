import { hmacKey } from "../hmac-key.server";

// Who "a client" is for the rate limits: the connecting IP (CF-Connecting-IP,
// set by Cloudflare and not forgeable from outside), as an HMAC under the
// link-signing secret. The address itself is never stored or logged; the
// keyed hash can't be reversed by hashing all 2^32 IPv4 addresses without
// the secret.

// Keys already made in this isolate, by IP (in memory only, never stored): a
// client's requests come in runs (weeks of slots, then the booking), and an
// HMAC per request is CPU on the read path. Bounded, and forgotten whole when
// full or when the secret changes.
const MAX_REMEMBERED = 5_000;
let remembered = { secret: "", keys: new Map<string, string>() };

export async function clientKey(request: Request, secret: string): Promise<string> {
  const ip = request.headers.get("cf-connecting-ip")?.trim() || "unknown";
  if (remembered.secret !== secret || remembered.keys.size >= MAX_REMEMBERED) remembered = { secret, keys: new Map() };
  const known = remembered.keys.get(ip);
  if (known) return known;
  const key = await keyFor(ip, secret);
  if (remembered.secret === secret) remembered.keys.set(ip, key);
  return key;
}

async function keyFor(ip: string, secret: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`client-ip:${ip}`)));
  return Array.from(mac.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
