import { base64ToBytes, bytesToBase64, constantTimeEqual } from "./encoding";

// Admin password hashing: PBKDF2-HMAC-SHA-256 through WebCrypto, so the Worker
// and the Node scripts (scripts/admin-create.ts) produce the same format:
//   pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>
// 100 000 iterations is the most the Workers runtime allows for PBKDF2.

export const PBKDF2_ITERATIONS = 100_000;
export const PBKDF2_MAX_ITERATIONS = 100_000;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const PREFIX = "pbkdf2_sha256";

async function pbkdf2(password: string, salt: Uint8Array, iterations: number, bits: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const derived = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    bits,
  );
  return new Uint8Array(derived);
}

export async function hashPassword(
  password: string,
  options: { iterations?: number; salt?: Uint8Array } = {},
): Promise<string> {
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await pbkdf2(password, salt, iterations, HASH_BITS);
  return `${PREFIX}$${iterations}$${bytesToBase64(salt)}$${bytesToBase64(hash)}`;
}

type ParsedHash = { iterations: number; salt: Uint8Array; hash: Uint8Array };

export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== PREFIX || !/^\d+$/.test(parts[1])) return null;
  const iterations = Number(parts[1]);
  if (iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) return null;
  try {
    const salt = base64ToBytes(parts[2]);
    const hash = base64ToBytes(parts[3]);
    if (salt.length < 8 || hash.length < 16) return null;
    return { iterations, salt, hash };
  } catch {
    return null;
  }
}

// False for a wrong password or an unreadable stored hash; never throws for those.
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed || password.length > PASSWORD_MAX_LENGTH) return false;
  const candidate = await pbkdf2(password, parsed.salt, parsed.iterations, parsed.hash.length * 8);
  return constantTimeEqual(candidate, parsed.hash);
}

// Verified against when the email is unknown, so "no such admin" takes as long
// as "wrong password" and response timing doesn't reveal which emails exist.
export const DUMMY_PASSWORD_HASH =
  "pbkdf2_sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}
