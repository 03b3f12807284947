// Where to go after signing in. Only same-site paths under /admin are allowed
// (never another host, a protocol-relative //host, or a path that normalises
// out of /admin); anything else becomes the dashboard.

export const DEFAULT_ADMIN_PATH = "/admin";
const BASE = "http://admin.invalid";

export function safeAdminRedirect(value: unknown, fallback: string = DEFAULT_ADMIN_PATH): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // Browsers treat "\" like "/" and ignore tabs and newlines in URLs.
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname;
  if (path !== "/admin" && !path.startsWith("/admin/")) return fallback;
  if (path === "/admin/login" || path.startsWith("/admin/login/") || path === "/admin/logout") return fallback;
  url.searchParams.delete("_data");
  return `${url.pathname}${url.search}${url.hash}`;
}

// The login URL that brings the admin back to the page they asked for.
export function loginUrlFor(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_data");
  return `/admin/login?redirectTo=${encodeURIComponent(safeAdminRedirect(`${url.pathname}${url.search}`))}`;
}
