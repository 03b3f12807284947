import { generateKeyPairSync } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  accessTokenGetter,
  AccessTokenError,
  clearAccessTokenCache,
  getAccessToken,
  parseServiceAccountKey,
  type ServiceAccountKey,
} from "../../../app/server/google/service-account.server";
import { startFakeGoogle, type FakeGoogle } from "../../fakes/google";

let fake: FakeGoogle;
let key: ServiceAccountKey;
beforeAll(async () => {
  fake = await startFakeGoogle();
  const parsed = parseServiceAccountKey(JSON.stringify(fake.serviceAccountKey));
  if (!parsed.ok) throw new Error(parsed.error);
  key = parsed.key;
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  clearAccessTokenCache();
  fake.clearFaults();
  fake.state.requests.length = 0;
});

const tokenRequests = () => fake.state.requests.filter((r) => r.route === "token");

describe("parseServiceAccountKey", () => {
  it("accepts Google's JSON as a string or object", () => {
    expect(parseServiceAccountKey(JSON.stringify(fake.serviceAccountKey)).ok).toBe(true);
    expect(parseServiceAccountKey(fake.serviceAccountKey).ok).toBe(true);
  });

  it("repairs a private key whose newlines were escaped twice", () => {
    const escaped = { ...fake.serviceAccountKey, private_key: fake.serviceAccountKey.private_key.replace(/\n/g, "\\n") };
    const parsed = parseServiceAccountKey(escaped);
    expect(parsed.ok && parsed.key.private_key).toBe(fake.serviceAccountKey.private_key);
  });

  it("rejects junk without echoing key material", () => {
    expect(parseServiceAccountKey("{nope")).toEqual({ ok: false, error: expect.stringContaining("not valid JSON") });
    const missing = parseServiceAccountKey({ client_email: "x", private_key: "secret-bits" });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toContain("private_key");
    expect(!missing.ok && missing.error).toContain("token_uri");
    expect(!missing.ok && missing.error).not.toContain("secret-bits");
  });
});

describe("getAccessToken against the fake token endpoint", () => {
  it("exchanges a signed JWT that the fake verifies", async () => {
    const result = await getAccessToken({ key });
    expect(result).toMatchObject({ ok: true, accessToken: expect.stringMatching(/^ya29\./) });
    const [request] = tokenRequests();
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = request!.body as Record<string, string>;
    expect(form.grant_type).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(decodeProtectedHeader(form.assertion!)).toMatchObject({ alg: "RS256", typ: "JWT", kid: key.private_key_id });
    const claims = decodeJwt(form.assertion!);
    expect(claims).toMatchObject({
      iss: key.client_email,
      aud: fake.serviceAccountKey.token_uri,
      scope: "https://www.googleapis.com/auth/calendar",
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.sub).toBeUndefined();
  });

  it("adds sub when impersonating a Workspace user", async () => {
    const result = await getAccessToken({ key, impersonate: "owner@studio.example" });
    expect(result.ok).toBe(true);
    const claims = decodeJwt((tokenRequests()[0]!.body as Record<string, string>).assertion!);
    expect(claims.sub).toBe("owner@studio.example");
    expect(result.ok && fake.state.tokens.get(result.accessToken)?.sub).toBe("owner@studio.example");
  });

  it("serves the second call from the cache, per subject", async () => {
    const first = await getAccessToken({ key });
    const second = await getAccessToken({ key });
    expect(second).toEqual(first);
    expect(tokenRequests()).toHaveLength(1);
    await getAccessToken({ key, impersonate: "owner@studio.example" });
    expect(tokenRequests()).toHaveLength(2);
  });

  it("refreshes within 60 s of expiry", async () => {
    const realNow = Date.now();
    // A token fetched 59 minutes "ago" has 60 s left now: time to refresh.
    const old = await getAccessToken({ key, now: realNow - 3540_000 });
    expect(old.ok).toBe(true);
    const fresh = await getAccessToken({ key, now: realNow });
    expect(tokenRequests()).toHaveLength(2);
    expect(fresh.ok && old.ok && fresh.accessToken !== old.accessToken).toBe(true);
  });

  it("fails without retry when the fake cannot verify the signature", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const result = await getAccessToken({ key: { ...key, private_key: privateKey } });
    expect(result).toMatchObject({ ok: false, status: 400, retryable: false, message: expect.stringContaining("invalid_grant") });
  });

  it("fails without retry on an unusable private key", async () => {
    const result = await getAccessToken({ key: { ...key, private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" } });
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(tokenRequests()).toHaveLength(0);
  });

  it("reports token endpoint outages as retryable", async () => {
    fake.setFault({ path: "token", mode: "503", retryAfter: 5, times: 1 });
    expect(await getAccessToken({ key })).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterSeconds: 5 });
    fake.setFault({ path: "token", mode: "timeout", times: 1 });
    expect(await getAccessToken({ key, timeoutMs: 200 })).toMatchObject({ ok: false, status: 0, retryable: true });
    expect((await getAccessToken({ key })).ok).toBe(true);
  });

  it("adapts to getToken() and throws the failure as AccessTokenError", async () => {
    expect(await accessTokenGetter({ key })()).toMatch(/^ya29\./);
    clearAccessTokenCache();
    fake.setFault({ path: "token", mode: "500", times: 1 });
    await expect(accessTokenGetter({ key })()).rejects.toBeInstanceOf(AccessTokenError);
  });
});
