// Which URLs the studio may register as webhook endpoints. Deployed
// (staging, production): https only, and never an address inside a private
// network or the machine itself, so a webhook can't be aimed at internal
// services. Development and tests: http and 127.0.0.1 too (fake receivers).
// Host names are checked as written; a public name that resolves to a private
// address is out of reach of a Worker anyway (fetch goes out to the internet).

export type WebhookUrlPolicy = { allowHttp: boolean; allowPrivate: boolean };

export function webhookUrlPolicy(appEnv: "development" | "test" | "staging" | "production"): WebhookUrlPolicy {
  const local = appEnv === "development" || appEnv === "test";
  return { allowHttp: local, allowPrivate: local };
}

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkWebhookUrl(input: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "Enter a full URL, such as https://tools.example.com/hooks/studio" };
  }
  if (url.protocol !== "https:" && !(policy.allowHttp && url.protocol === "http:")) {
    return { ok: false, message: policy.allowHttp ? "Use an http:// or https:// URL" : "Use an https:// URL: deliveries carry client details" };
  }
  if (url.username || url.password) return { ok: false, message: "Leave user names and passwords out of the URL; the signature proves it's us" };
  if (url.hash) return { ok: false, message: "Leave out the #fragment: it is never sent" };
  if (!policy.allowPrivate && isPrivateHost(url.hostname)) {
    return { ok: false, message: "That address is inside a private network or this machine. Use the endpoint's public address" };
  }
  return { ok: true, url: url.toString() };
}

/** Loopback, private, link-local and other non-public host names and IP literals. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (/\.(local|internal|lan|home|intranet|corp|private)$/.test(host) || !host.includes(".") && !host.includes(":")) return true;
  const v4 = parseIPv4(host);
  if (v4) return isPrivateIPv4(v4);
  if (host.includes(":")) return isPrivateIPv6(host);
  return false;
}

function parseIPv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function isPrivateIPv4([a, b]: number[]): boolean {
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast and reserved
  );
}

function isPrivateIPv6(host: string): boolean {
  if (host === "::" || host === "::1") return true;
  // IPv4-mapped (::ffff:10.0.0.1 or ::ffff:a00:1): judge the IPv4 address.
  const mapped = /^::ffff:(.+)$/.exec(host);
  if (mapped) {
    const v4 = parseIPv4(mapped[1]) ?? hexPairToIPv4(mapped[1]);
    return v4 ? isPrivateIPv4(v4) : true;
  }
  const first = Number.parseInt(host.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}

function hexPairToIPv4(text: string): number[] | null {
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(text);
  if (!m) return null;
  const hi = Number.parseInt(m[1], 16);
  const lo = Number.parseInt(m[2], 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}
