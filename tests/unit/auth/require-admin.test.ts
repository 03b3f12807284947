import { exportJWK, generateKeyPair, createLocalJWKSet, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { AdminSummary } from "../../../app/server/auth/admins.server";
import { verifyAccessAssertion } from "../../../app/server/auth/cf-access.server";
import { requireAdminPostWith, requireAdminWith, type AuthDeps } from "../../../app/server/auth/require-admin.server";
import { signSession } from "../../../app/server/auth/session.server";

const SECRET = "a-test-session-secret-that-is-long-enough";
const OWNER: AdminSummary = { id: "a1", email: "owner@studio.test", name: "Owner" };
const TOKEN = "sct_valid-token-value";
const ORIGIN = "https://book.example.com";

function deps(overrides: Partial<AuthDeps> = {}): AuthDeps {
  return {
    sessionSecret: SECRET,
    cookie: { name: "__Host-admin_session", secure: true },
    publicBaseUrl: ORIGIN,
    findAdminById: async (id) => (id === OWNER.id ? OWNER : null),
    findAdminByEmail: async (email) => (email === OWNER.email ? OWNER : null),
    findAdminByApiToken: async (token) => (token === TOKEN ? OWNER : null),
    isSessionActive: async (sessionId) => sessionId === "s1",
    now: () => Date.now(),
    ...overrides,
  };
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

const request = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  new Request(`${ORIGIN}${path}`, { method, headers });

describe("requireAdmin", () => {
  it("accepts a valid session cookie", async () => {
    const token = await signSession({ adminId: OWNER.id, sessionId: "s1" }, SECRET);
    const admin = await requireAdminWith(request("/admin", { cookie: `__Host-admin_session=${token}` }), deps());
    expect(admin).toEqual({ kind: "session", adminId: "a1", email: OWNER.email, name: "Owner", sessionId: "s1" });
  });

  it("refuses a genuine token whose session was ended (signed out, revoked, password reset)", async () => {
    const token = await signSession({ adminId: OWNER.id, sessionId: "ended" }, SECRET);
    const res = await thrown(requireAdminWith(request("/admin", { cookie: `__Host-admin_session=${token}` }), deps()));
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-admin_session=; Max-Age=0/);
  });

  it("redirects an HTML request without a session to the login page with redirectTo", async () => {
    const res = await thrown(requireAdminWith(request("/admin/consultations?page=2"), deps()));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/login?redirectTo=%2Fadmin%2Fconsultations%3Fpage%3D2");
  });

  it("answers 401 JSON under /api/", async () => {
    const res = await thrown(requireAdminWith(request("/api/consultations"), deps()));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Sign in required" });
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a tampered token and clears the cookie", async () => {
    const token = await signSession({ adminId: OWNER.id, sessionId: "s1" }, SECRET);
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86400 })).toString("base64url"), s].join(".");
    const res = await thrown(requireAdminWith(request("/admin", { cookie: `__Host-admin_session=${forged}` }), deps()));
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-admin_session=; Max-Age=0/);
  });

  it("refuses an expired token", async () => {
    const token = await signSession({ adminId: OWNER.id, sessionId: "s1" }, SECRET, { now: Date.now() - 9 * 3600_000 });
    const res = await thrown(requireAdminWith(request("/api/x", { cookie: `__Host-admin_session=${token}` }), deps()));
    expect(res.status).toBe(401);
  });

  it("refuses the session of a deleted admin", async () => {
    const token = await signSession({ adminId: "gone", sessionId: "s1" }, SECRET);
    const res = await thrown(requireAdminWith(request("/admin", { cookie: `__Host-admin_session=${token}` }), deps()));
    expect(res.status).toBe(302);
  });

  it("accepts a valid bearer API token and refuses an invalid one without falling back to the cookie", async () => {
    expect(await requireAdminWith(request("/api/x", { authorization: `Bearer ${TOKEN}` }), deps())).toMatchObject({ kind: "api_token", adminId: "a1" });
    const session = await signSession({ adminId: OWNER.id, sessionId: "s1" }, SECRET);
    const res = await thrown(
      requireAdminWith(request("/api/x", { authorization: "Bearer sct_revoked", cookie: `__Host-admin_session=${session}` }), deps()),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/invalid_token/);
  });

  it("accepts a Cloudflare Access identity only for a known admin email, and only when configured", async () => {
    const verifyAccess = async (assertion: string) => (assertion === "good" ? OWNER.email : assertion === "stranger" ? "x@else.test" : null);
    expect(await requireAdminWith(request("/admin", { "cf-access-jwt-assertion": "good" }), deps({ verifyAccess }))).toMatchObject({ kind: "access" });
    expect((await thrown(requireAdminWith(request("/admin", { "cf-access-jwt-assertion": "stranger" }), deps({ verifyAccess })))).status).toBe(302);
    expect((await thrown(requireAdminWith(request("/admin", { "cf-access-jwt-assertion": "bad" }), deps({ verifyAccess })))).status).toBe(302);
    expect((await thrown(requireAdminWith(request("/admin", { "cf-access-jwt-assertion": "good" }), deps()))).status).toBe(302);
  });
});

describe("requireAdminPost", () => {
  it("refuses a session POST without a same-site Origin with 403", async () => {
    const token = await signSession({ adminId: OWNER.id, sessionId: "s1" }, SECRET);
    const cookie = `__Host-admin_session=${token}`;
    for (const headers of [{ cookie }, { cookie, origin: "https://evil.example" }] as Record<string, string>[]) {
      const res = await thrown(requireAdminPostWith(request("/admin/api-tokens", headers, "POST"), deps()));
      expect(res.status).toBe(403);
    }
    expect(await requireAdminPostWith(request("/admin/api-tokens", { cookie, origin: ORIGIN }, "POST"), deps())).toMatchObject({ kind: "session" });
  });

  it("does not need Origin for bearer tokens", async () => {
    expect(await requireAdminPostWith(request("/api/x", { authorization: `Bearer ${TOKEN}` }, "POST"), deps())).toMatchObject({ kind: "api_token" });
  });
});

describe("Cloudflare Access assertion", async () => {
  const team = "studio.cloudflareaccess.com";
  const access = { teamDomain: team, audience: "aud-tag" };
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" }] });
  const sign = (claims: Record<string, unknown>, opts: { aud?: string; iss?: string; exp?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setAudience(opts.aud ?? "aud-tag")
      .setIssuer(opts.iss ?? `https://${team}`)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? "5m")
      .sign(privateKey);

  it("returns the lowercased email of a valid assertion", async () => {
    expect(await verifyAccessAssertion(await sign({ email: "Owner@Studio.test" }), access, jwks)).toBe("owner@studio.test");
  });

  it("rejects another audience, issuer, an expired assertion or no email", async () => {
    expect(await verifyAccessAssertion(await sign({ email: "o@s.test" }, { aud: "other" }), access, jwks)).toBeNull();
    expect(await verifyAccessAssertion(await sign({ email: "o@s.test" }, { iss: "https://evil.cloudflareaccess.com" }), access, jwks)).toBeNull();
    expect(await verifyAccessAssertion(await sign({ email: "o@s.test" }, { exp: "-1m" }), access, jwks)).toBeNull();
    expect(await verifyAccessAssertion(await sign({}), access, jwks)).toBeNull();
    expect(await verifyAccessAssertion("not-a-jwt", access, jwks)).toBeNull();
  });
});
