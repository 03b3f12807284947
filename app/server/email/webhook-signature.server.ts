import { base64ToBytes } from "./base64";
import { derEcdsaSignatureToRaw } from "./ecdsa-der";

export { derEcdsaSignatureToRaw };

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "stale" | "bad_signature" | "bad_key" };

export type VerifySendGridSignatureInput = {
  /** SENDGRID_WEBHOOK_PUBLIC_KEY: base64 DER SubjectPublicKeyInfo, as SendGrid shows it. */
  publicKey: string;
  /** X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA signature. */
  signature: string | null | undefined;
  /** X-Twilio-Email-Event-Webhook-Timestamp: unix seconds. */
  timestamp: string | null | undefined;
  /** Exactly the bytes received, decoded as UTF-8: re-serialised JSON would not match. */
  rawBody: string;
  now?: number;
  maxAgeSeconds?: number;
};

/**
 * SendGrid signs timestamp + body (no separator) with ECDSA P-256 / SHA-256.
 * The age check stops an attacker replaying a captured, validly signed batch.
 */
export async function verifySendGridSignature(input: VerifySendGridSignatureInput): Promise<SignatureCheck> {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: "missing" };

  if (!/^\d+$/.test(timestamp.trim())) return { ok: false, reason: "stale" };
  const ageSeconds = Math.abs((input.now ?? Date.now()) / 1000 - Number(timestamp.trim()));
  if (ageSeconds > (input.maxAgeSeconds ?? 300)) return { ok: false, reason: "stale" };

  const key = await importPublicKey(input.publicKey);
  if (!key) return { ok: false, reason: "bad_key" };

  const der = base64ToBytes(signature);
  const raw = der && derEcdsaSignatureToRaw(der);
  if (!raw) return { ok: false, reason: "bad_signature" };

  const valid = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    raw,
    new TextEncoder().encode(timestamp + input.rawBody),
  );
  return valid ? { ok: true } : { ok: false, reason: "bad_signature" };
}

async function importPublicKey(publicKey: string): Promise<CryptoKey | null> {
  // Accept a PEM too: people paste either form into secrets.
  const der = base64ToBytes(publicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, ""));
  if (!der || der.length === 0) return null;
  try {
    return await crypto.subtle.importKey("spki", der, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  } catch {
    return null;
  }
}
