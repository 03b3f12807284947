import { describe, expect, it } from "vitest";
import { isSameOrigin } from "../../../app/server/auth/origin.server";
import { loginUrlFor, safeAdminRedirect } from "../../../app/server/auth/redirect-to";

const post = (url: string, origin?: string) =>
  new Request(url, { method: "POST", headers: origin === undefined ? {} : { origin } });

describe("Origin check", () => {
  it("accepts the request's own origin", () => {
    expect(isSameOrigin(post("https://book.example.com/admin/logout", "https://book.example.com"), undefined)).toBe(true);
  });

  it("accepts PUBLIC_BASE_URL's origin", () => {
    expect(isSameOrigin(post("http://internal:8787/admin/login", "https://book.example.com"), "https://book.example.com/")).toBe(true);
  });

  it("refuses a missing, null or foreign Origin", () => {
    const url = "https://book.example.com/admin/login";
    expect(isSameOrigin(post(url), "https://book.example.com")).toBe(false);
    expect(isSameOrigin(post(url, "null"), "https://book.example.com")).toBe(false);
    expect(isSameOrigin(post(url, "https://evil.example"), "https://book.example.com")).toBe(false);
    expect(isSameOrigin(post(url, "https://book.example.com.evil.example"), undefined)).toBe(false);
    expect(isSameOrigin(post(url, "http://book.example.com"), undefined)).toBe(false);
    expect(isSameOrigin(post(url, "https://book.example.com:8443"), undefined)).toBe(false);
  });
});

describe("redirectTo sanitising", () => {
  it("keeps same-site /admin paths with their query and hash", () => {
    expect(safeAdminRedirect("/admin")).toBe("/admin");
    expect(safeAdminRedirect("/admin/consultations?status=scheduled#top")).toBe("/admin/consultations?status=scheduled#top");
    expect(safeAdminRedirect("/admin/")).toBe("/admin/");
  });

  it("falls back to /admin for anything else", () => {
    for (const bad of [
      undefined,
      null,
      42,
      "",
      "admin",
      "https://evil.example/admin",
      "//evil.example/admin",
      "/\\evil.example/admin",
      "\\\\evil.example",
      "/admin\n//evil.example",
      "/\t/evil.example",
      "/book",
      "/adminx",
      "/admin/../book",
      "/admin/%2e%2e/book",
      "javascript:alert(1)",
      "/admin/login",
      "/admin/login?redirectTo=/admin",
      "/admin/logout",
    ]) {
      expect(safeAdminRedirect(bad), String(bad)).toBe("/admin");
    }
  });

  it("drops Remix's _data parameter", () => {
    expect(safeAdminRedirect("/admin/outbox?_data=routes%2Fadmin.outbox&page=2")).toBe("/admin/outbox?page=2");
  });

  it("builds the login URL for the requested page", () => {
    expect(loginUrlFor(new Request("https://x.test/admin/reports?month=2026-05&_data=routes%2Fadmin"))).toBe(
      "/admin/login?redirectTo=%2Fadmin%2Freports%3Fmonth%3D2026-05",
    );
    expect(loginUrlFor(new Request("https://x.test/elsewhere"))).toBe("/admin/login?redirectTo=%2Fadmin");
  });
});

describe("adminCrossSiteGuard (for the Worker entry)", () => {
  it("answers 403 for admin POSTs from elsewhere and lets everything else through", async () => {
    const { adminCrossSiteGuard } = await import("../../../app/server/auth/origin.server");
    const base = "https://book.example.com";
    expect(adminCrossSiteGuard(post(`${base}/admin/api-tokens`, "https://evil.example"), base)?.status).toBe(403);
    expect(adminCrossSiteGuard(post(`${base}/admin/login`), base)?.status).toBe(403);
    expect(adminCrossSiteGuard(post(`${base}/admin/login`, base), base)).toBeNull();
    expect(adminCrossSiteGuard(new Request(`${base}/admin`), base)).toBeNull();
    expect(adminCrossSiteGuard(post(`${base}/api/consultations`, "https://evil.example"), base)).toBeNull();
    expect(adminCrossSiteGuard(post(`${base}/administrator`, "https://evil.example"), base)).toBeNull();
  });
});
