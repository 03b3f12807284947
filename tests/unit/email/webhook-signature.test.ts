import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derEcdsaSignatureToRaw, verifySendGridSignature } from "../../../app/server/email/webhook-signature.server";
import { startFakeSendGrid, type FakeSendGrid } from "../../fakes/sendgrid";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const publicKeyBase64 = publicKey.export({ type: "spki", format: "der" }).toString("base64");
const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const otherPublicKeyBase64 = other.publicKey.export({ type: "spki", format: "der" }).toString("base64");

const now = 1_780_000_000_000;
const timestamp = String(now / 1000);
const rawBody = JSON.stringify([{ email: "a@example.com", event: "delivered", sg_event_id: "e1", timestamp: now / 1000 }]) + "\r\n";

function signDer(ts: string, body: string, key = privateKey): string {
  return sign("sha256", Buffer.from(ts + body, "utf8"), key).toString("base64");
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** DER INTEGER encoding of an unsigned big-endian value. */
function derInteger(value: Uint8Array): number[] {
  let v = Array.from(value);
  while (v.length > 1 && v[0] === 0) v = v.slice(1);
  if (v[0]! & 0x80) v = [0, ...v];
  return [0x02, v.length, ...v];
}

function derSignature(r: Uint8Array, s: Uint8Array): Uint8Array {
  const body = [...derInteger(r), ...derInteger(s)];
  return Uint8Array.from([0x30, body.length, ...body]);
}

describe("derEcdsaSignatureToRaw", () => {
  it("strips the 0x00 pad of high-bit values", () => {
    const r = new Uint8Array(32).fill(0xff);
    const s = new Uint8Array(32).fill(0x80);
    const der = derSignature(r, s);
    expect(der[3]).toBe(33); // r carries a pad byte
    expect(hex(derEcdsaSignatureToRaw(der)!)).toBe(hex(r) + hex(s));
  });

  it("left-pads values shorter than 32 bytes", () => {
    const r = new Uint8Array(32);
    r[31] = 0x01; // r = 1: a one-byte INTEGER
    const s = new Uint8Array(32).fill(0x11);
    s[0] = 0;
    s[1] = 0; // s is 30 bytes in DER
    const raw = derEcdsaSignatureToRaw(derSignature(r, s))!;
    expect(raw).toHaveLength(64);
    expect(hex(raw)).toBe(hex(r) + hex(s));
  });

  it("matches the encoding for any r and s (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (r, s) => {
        fc.pre(r.some((b) => b !== 0) && s.some((b) => b !== 0));
        expect(hex(derEcdsaSignatureToRaw(derSignature(r, s))!)).toBe(hex(r) + hex(s));
      }),
    );
  });

  it("agrees with node:crypto's own P1363 form on real signatures", () => {
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign("sha256", data, privateKey);
      const raw = derEcdsaSignatureToRaw(new Uint8Array(der))!;
      expect(verify("sha256", data, { key: publicKey, dsaEncoding: "ieee-p1363" }, raw)).toBe(true);
    }
  });

  it("rejects malformed DER", () => {
    const good = derSignature(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
    const cases: [string, number[]][] = [
      ["empty", []],
      ["not a SEQUENCE", [0x31, ...good.slice(1)]],
      ["length mismatch", [0x30, good[1]! + 1, ...good.slice(2)]],
      ["trailing junk", [...good, 0x00]],
      ["truncated", Array.from(good.slice(0, -1))],
      ["r is not an INTEGER", [0x30, 6, 0x04, 1, 1, 0x02, 1, 1]],
      ["zero-length INTEGER", [0x30, 5, 0x02, 0, 0x02, 1, 1]],
      ["negative INTEGER", [0x30, 6, 0x02, 1, 0x80, 0x02, 1, 1]],
      ["zero r", [0x30, 6, 0x02, 1, 0x00, 0x02, 1, 1]],
      ["r longer than 32 bytes", [0x30, 38, 0x02, 33, 0x01, ...new Array(32).fill(1), 0x02, 1, 1]],
      ["missing s", [0x30, 3, 0x02, 1, 1]],
    ];
    for (const [name, bytes] of cases) {
      expect(derEcdsaSignatureToRaw(Uint8Array.from(bytes)), name).toBeNull();
    }
  });

  it("accepts the long-form length a 0x81 prefix gives", () => {
    // Lengths >= 128 only occur for bigger curves, but the form must parse.
    const r = new Uint8Array(66).fill(0x7f);
    const s = new Uint8Array(66).fill(0x01);
    const body = [...derInteger(r), ...derInteger(s)];
    const der = Uint8Array.from([0x30, 0x81, body.length, ...body]);
    expect(hex(derEcdsaSignatureToRaw(der, 66)!)).toBe(hex(r) + hex(s));
  });
});

describe("verifySendGridSignature", () => {
  const check = (overrides: Partial<Parameters<typeof verifySendGridSignature>[0]> = {}) =>
    verifySendGridSignature({ publicKey: publicKeyBase64, signature: signDer(timestamp, rawBody), timestamp, rawBody, now, ...overrides });

  it("accepts a valid signature", async () => {
    expect(await check()).toEqual({ ok: true });
  });

  it("rejects a tampered body", async () => {
    expect(await check({ rawBody: rawBody.replace("delivered", "bounce") })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a signature made with another key", async () => {
    expect(await check({ signature: signDer(timestamp, rawBody, other.privateKey) })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await check({ publicKey: otherPublicKeyBase64 })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects stale and far-future timestamps (older than 5 minutes)", async () => {
    const old = String(now / 1000 - 301);
    expect(await check({ timestamp: old, signature: signDer(old, rawBody) })).toEqual({ ok: false, reason: "stale" });
    const fresh = String(now / 1000 - 299);
    expect(await check({ timestamp: fresh, signature: signDer(fresh, rawBody) })).toEqual({ ok: true });
    const future = String(now / 1000 + 3600);
    expect(await check({ timestamp: future, signature: signDer(future, rawBody) })).toEqual({ ok: false, reason: "stale" });
    expect(await check({ timestamp: "yesterday" })).toEqual({ ok: false, reason: "stale" });
  });

  it("binds the timestamp into the signature", async () => {
    const replayed = String(now / 1000 - 10);
    expect(await check({ timestamp: replayed })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects missing headers", async () => {
    expect(await check({ signature: undefined })).toEqual({ ok: false, reason: "missing" });
    expect(await check({ signature: "" })).toEqual({ ok: false, reason: "missing" });
    expect(await check({ timestamp: null })).toEqual({ ok: false, reason: "missing" });
  });

  it("reports an unusable key and unusable signatures", async () => {
    expect(await check({ publicKey: "" })).toEqual({ ok: false, reason: "bad_key" });
    expect(await check({ publicKey: "bm90IGEga2V5" })).toEqual({ ok: false, reason: "bad_key" });
    expect(await check({ signature: "%%%" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await check({ signature: Buffer.from("garbage").toString("base64") })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("accepts the key as PEM too", async () => {
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(await check({ publicKey: pem })).toEqual({ ok: true });
  });

  it("agrees with @sendgrid/eventwebhook on valid and tampered bodies", async () => {
    const reference = new EventWebhook();
    const refKey = reference.convertPublicKeyToECDSA(publicKeyBase64);
    const bodies = [rawBody, "[]", JSON.stringify([{ note: "Café ☕ 東京" }]), ""];
    for (const body of bodies) {
      const signature = signDer(timestamp, body);
      for (const candidate of [body, body + " ", body.replace("[", "{")]) {
        const ours = (await verifySendGridSignature({ publicKey: publicKeyBase64, signature, timestamp, rawBody: candidate, now })).ok;
        const theirs = reference.verifySignature(refKey, candidate, signature, timestamp);
        expect(ours, `${JSON.stringify(body)} vs ${JSON.stringify(candidate)}`).toBe(theirs);
      }
    }
  });
});

describe("the fake SendGrid's signed event posts", () => {
  let fake: FakeSendGrid;
  let receiverUrl: string;
  let closeReceiver: () => Promise<void>;

  beforeAll(async () => {
    fake = await startFakeSendGrid();
    // Stands in for the app's webhook route.
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const result = await verifySendGridSignature({
          publicKey: fake.signer.publicKeyBase64,
          signature: req.headers["x-twilio-email-event-webhook-signature"] as string | undefined,
          timestamp: req.headers["x-twilio-email-event-webhook-timestamp"] as string | undefined,
          rawBody: Buffer.concat(chunks).toString("utf8"),
        });
        res.writeHead(result.ok ? 204 : 403, { "x-reason": result.ok ? "" : result.reason }).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/sendgrid`;
    closeReceiver = () => new Promise((resolve) => receiver.close(() => resolve()));
  });
  afterAll(async () => {
    await closeReceiver();
    await fake.close();
  });

  const events = [{ email: "a@example.com", timestamp: 1, event: "bounce", sg_event_id: "x", type: "bounce" }];

  it("are accepted when untouched", async () => {
    expect((await fake.postEvents(receiverUrl, events)).status).toBe(204);
  });

  it("are rejected when tampered, signed by a stranger or stale", async () => {
    const tampered = await fake.postEvents(receiverUrl, events, { tamper: true });
    expect([tampered.status, tampered.headers.get("x-reason")]).toEqual([403, "bad_signature"]);
    const stranger = await fake.postEvents(receiverUrl, events, { wrongKey: true });
    expect([stranger.status, stranger.headers.get("x-reason")]).toEqual([403, "bad_signature"]);
    const stale = await fake.postEvents(receiverUrl, events, { timestamp: String(Math.floor(Date.now() / 1000) - 600) });
    expect([stale.status, stale.headers.get("x-reason")]).toEqual([403, "stale"]);
  });
});
