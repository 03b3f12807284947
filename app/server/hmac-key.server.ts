// HMAC-SHA-256 keys for the server's own secrets (link tokens, the rate
// limiter's client key, idempotent consultation ids). Importing the raw bytes
// is most of the cost of a signature and a secret never changes within an
// isolate: one import per secret, not one per request.
const importedKeys = new Map<string, Promise<CryptoKey>>();

export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = importedKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    importedKeys.set(secret, key);
    key.catch(() => importedKeys.delete(secret));
  }
  return key;
}
