import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "../../../app/server/auth/encoding";
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  parsePasswordHash,
  passwordProblem,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from "../../../app/server/auth/password.server";

describe("password hashing", () => {
  it("stores pbkdf2_sha256$100000$<salt>$<hash> with a 16-byte salt and 32-byte hash", async () => {
    const stored = await hashPassword("correct horse battery");
    const [scheme, iterations, salt, hash] = stored.split("$");
    expect(scheme).toBe("pbkdf2_sha256");
    expect(Number(iterations)).toBe(PBKDF2_ITERATIONS);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(Buffer.from(salt, "base64")).toHaveLength(16);
    expect(Buffer.from(hash, "base64")).toHaveLength(32);
  });

  it("verifies the right password", async () => {
    const stored = await hashPassword("correct horse battery");
    await expect(verifyPassword("correct horse battery", stored)).resolves.toBe(true);
  });

  it("refuses a wrong password, including near misses", async () => {
    const stored = await hashPassword("correct horse battery");
    for (const wrong of ["correct horse batterY", "correct horse battery ", "", "x".repeat(2000)]) {
      await expect(verifyPassword(wrong, stored)).resolves.toBe(false);
    }
  });

  it("uses a fresh random salt per hash", async () => {
    const a = await hashPassword("same password here");
    const b = await hashPassword("same password here");
    expect(a).not.toBe(b);
    await expect(verifyPassword("same password here", b)).resolves.toBe(true);
  });

  it("matches a known PBKDF2-HMAC-SHA-256 vector (so Node and Workers agree)", async () => {
    // RFC 7914 section 11 test vector: P="passwd", S="salt", c=1, dkLen=64 (first 32 bytes here).
    const stored = await hashPassword("passwd", { iterations: 1, salt: new TextEncoder().encode("salt") });
    const hash = Buffer.from(stored.split("$")[3], "base64").toString("hex");
    expect(hash).toBe("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
  });

  it("refuses unreadable or unsupported stored hashes instead of throwing", async () => {
    const stored = await hashPassword("correct horse battery");
    const [, , salt, hash] = stored.split("$");
    for (const bad of [
      "",
      "plaintext",
      `bcrypt$100000$${salt}$${hash}`,
      `pbkdf2_sha256$abc$${salt}$${hash}`,
      `pbkdf2_sha256$0$${salt}$${hash}`,
      `pbkdf2_sha256$200000$${salt}$${hash}`, // over the Workers maximum
      `pbkdf2_sha256$100000$!!!$${hash}`,
      `pbkdf2_sha256$100000$${salt}`,
    ]) {
      expect(parsePasswordHash(bad)).toBeNull();
      await expect(verifyPassword("correct horse battery", bad)).resolves.toBe(false);
    }
  });

  it("detects a tampered hash", async () => {
    const stored = await hashPassword("correct horse battery");
    const parts = stored.split("$");
    const bytes = Buffer.from(parts[3], "base64");
    bytes[0] ^= 1;
    parts[3] = bytes.toString("base64");
    await expect(verifyPassword("correct horse battery", parts.join("$"))).resolves.toBe(false);
  });

  it("has a well-formed dummy hash that no password matches easily", async () => {
    expect(parsePasswordHash(DUMMY_PASSWORD_HASH)).not.toBeNull();
    await expect(verifyPassword("studio-admin-demo", DUMMY_PASSWORD_HASH)).resolves.toBe(false);
  });

  it("requires at least 12 characters", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem("twelve chars")).toBeNull();
  });

  it("compares bytes in constant time, by value", () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
  });
});
