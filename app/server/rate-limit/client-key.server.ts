// Who "a client" is for the rate limits: the connecting IP (CF-Connecting-IP,
// set by Cloudflare and not forgeable from outside), as an HMAC under the
// link-signing secret. The address itself is never stored or logged; the
// keyed hash can't be reversed by hashing all 2^32 IPv4 addresses without
// the secret.

// Importing the key is most of the work and the secret never changes within an
// isolate: one import per secret, not one per request.
const importedKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = importedKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    importedKeys.set(secret, key);
    key.catch(() => importedKeys.delete(secret));
  }
  return key;
}

export async function clientKey(request: Request, secret: string): Promise<string> {
  const ip = request.headers.get("cf-connecting-ip")?.trim() || "unknown";
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`client-ip:${ip}`)));
  return Array.from(mac.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
