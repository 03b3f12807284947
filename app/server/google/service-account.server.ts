import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";
import {
  DEFAULT_TIMEOUT_MS,
  failureFromResponse,
  fetchWithTimeout,
  safeJson,
  type FetchLike,
  type ProviderFailure,
} from "../email/provider-call.server";

export const CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar";

export const serviceAccountKeySchema = z
  .object({
    client_email: z.string().min(1),
    // Env files often carry the PEM with literal "\n"; restore real newlines.
    private_key: z
      .string()
      .transform((pem) => pem.replace(/\\n/g, "\n"))
      .refine((pem) => pem.includes("-----BEGIN PRIVATE KEY-----"), "private_key must be a PKCS#8 PEM"),
    token_uri: z.string().url(),
    private_key_id: z.string().optional(),
  })
  .passthrough();

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Accepts GOOGLE_SERVICE_ACCOUNT_JSON as a string or an already-parsed object. */
export function parseServiceAccountKey(
  input: unknown,
): { ok: true; key: ServiceAccountKey } | { ok: false; error: string } {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, error: "service account JSON is not valid JSON" };
    }
  }
  const parsed = serviceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    // Paths only: the messages could echo part of the private key.
    return { ok: false, error: `invalid service account key: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}` };
  }
  return { ok: true, key: parsed.data };
}

export type AccessTokenResult = { ok: true; accessToken: string; expiresAt: number } | ProviderFailure;

export type GetAccessTokenOptions = {
  key: ServiceAccountKey;
  /** Domain-wide delegation: act as this Workspace user (JWT "sub"). */
  impersonate?: string;
  now?: number;
  fetch?: FetchLike;
  timeoutMs?: number;
};

type CachedToken = { accessToken: string; expiresAt: number };

// Per isolate: tokens live an hour, so most requests skip the signing round-trip.
const tokenCache = new Map<string, CachedToken>();
const EXPIRY_MARGIN_MS = 60_000;

export function clearAccessTokenCache(): void {
  tokenCache.clear();
}

/** OAuth 2.0 JWT-bearer grant (RFC 7523) as Google's service accounts use it. */
export async function getAccessToken(options: GetAccessTokenOptions): Promise<AccessTokenResult> {
  const { key, impersonate } = options;
  const now = options.now ?? Date.now();
  // token_uri is part of the key so a token minted by one issuer (say, the
  // local fake) is never handed to another.
  const cacheKey = JSON.stringify([key.client_email, impersonate ?? null, key.token_uri]);
  const cached = tokenCache.get(cacheKey);
  if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now) {
    return { ok: true, ...cached };
  }

  let assertion: string;
  try {
    assertion = await signAssertion(key, impersonate, now);
  } catch {
    return { ok: false, status: 0, message: "could not sign the service account JWT (bad private_key?)", retryable: false };
  }

  const call = await fetchWithTimeout(
    options.fetch ?? fetch,
    key.token_uri,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
    },
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (!call.ok) return call;
  const body = safeJson(call.bodyText) as
    | { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown }
    | undefined;
  if (!call.response.ok) {
    const detail = [body?.error, body?.error_description].filter((p) => typeof p === "string").join(": ");
    return failureFromResponse(call.response, `token endpoint answered ${call.response.status}${detail ? `: ${detail}` : ""}`, { now });
  }
  if (typeof body?.access_token !== "string" || typeof body.expires_in !== "number") {
    return { ok: false, status: call.response.status, message: "token endpoint answered without access_token", retryable: true };
  }
  const token = { accessToken: body.access_token, expiresAt: now + body.expires_in * 1000 };
  tokenCache.set(cacheKey, token);
  return { ok: true, ...token };
}

async function signAssertion(key: ServiceAccountKey, impersonate: string | undefined, now: number): Promise<string> {
  const privateKey = await importPKCS8(key.private_key, "RS256");
  const iat = Math.floor(now / 1000);
  const jwt = new SignJWT({ scope: CALENDAR_SCOPE })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(key.private_key_id ? { kid: key.private_key_id } : {}) })
    .setIssuer(key.client_email)
    .setAudience(key.token_uri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600);
  if (impersonate) jwt.setSubject(impersonate);
  return jwt.sign(privateKey);
}

/** Thrown by accessTokenGetter so the calendar client can keep the failure's details. */
export class AccessTokenError extends Error {
  constructor(readonly failure: ProviderFailure) {
    super(failure.message);
    this.name = "AccessTokenError";
  }
}

/** Adapts getAccessToken to the calendar client's `getToken: () => Promise<string>`. */
export function accessTokenGetter(options: Omit<GetAccessTokenOptions, "now">): () => Promise<string> {
  return async () => {
    const result = await getAccessToken(options);
    if (!result.ok) throw new AccessTokenError(result);
    return result.accessToken;
  };
}
