import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The fake SendGrid validates against ../shared/specs, or against the copy in
// tests/fakes/specs when the repo is cloned on its own: the copy must not drift.
const shared = fileURLToPath(new URL("../../../shared/specs/sendgrid-mail-v3.openapi.json", import.meta.url));
const copy = fileURLToPath(new URL("../fakes/specs/sendgrid-mail-v3.openapi.json", import.meta.url));

describe("the SendGrid spec kept with the fakes", () => {
  it.skipIf(!existsSync(shared))("is the same as the shared contract", () => {
    expect(readFileSync(copy, "utf8")).toBe(readFileSync(shared, "utf8"));
  });
});
