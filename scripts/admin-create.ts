// Create an admin, or reset an existing admin's name and password.
//
//   npm run admin:create -- --email owner@example.com --name "Sam Owner"
//   npm run admin:create -- --email owner@example.com --name "Sam Owner" --remote               # production D1
//   npm run admin:create -- --email owner@example.com --name "Sam Owner" --remote --env staging # staging D1
//
// The password is asked for on the terminal (hidden), or read from
// ADMIN_PASSWORD for scripts. It is hashed here with WebCrypto in the same
// format the Worker verifies, and only the hash is sent to D1 (through
// `wrangler d1 execute`, local by default).

import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { upsertAdminSql } from "../app/server/auth/admin-sql";
import { hashPassword, passwordProblem } from "../app/server/auth/password.server";

export type Target = { kind: "local"; persistTo?: string } | { kind: "remote"; env: string };

export const describeTarget = (target: Target) =>
  target.kind === "local" ? "the local D1 database (wrangler dev)" : `the remote D1 database of --env ${target.env}`;

const emailSchema = z.string().trim().toLowerCase().email();

export async function createOrResetAdmin(input: { email: string; name: string; password: string; target: Target }) {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new Error(`Not an email address: ${input.email}`);
  const name = input.name.trim();
  if (!name) throw new Error("--name must not be empty");
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(problem);

  const sql = upsertAdminSql({
    id: crypto.randomUUID(),
    email: email.data,
    name,
    passwordHash: await hashPassword(input.password),
    now: Date.now(),
  });
  const where =
    input.target.kind === "local"
      ? ["--local", ...(input.target.persistTo ? ["--persist-to", input.target.persistTo] : [])]
      : ["--remote", "--env", input.target.env];
  const run = spawnSync("npx", ["wrangler", "d1", "execute", "DB", ...where, "--yes", "--command", sql], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ""}\n${run.stderr ?? ""}`.trim();
    const hint = /no such table: admins/.test(output)
      ? `\nApply the migrations first: npx wrangler d1 migrations apply DB ${where.join(" ")}`
      : "";
    throw new Error(`wrangler d1 execute failed:\n${output}${hint}`);
  }
  return { email: email.data, name };
}

// Reads a line from the terminal without echoing it.
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value: string[] = [];
    const cleanup = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") {
          cleanup();
          resolve(value.join(""));
          return;
        }
        if (ch === "\u0003") {
          cleanup();
          reject(new Error("Cancelled"));
          return;
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value.push(ch);
      }
    };
    process.stdout.write(question);
    stdin.setEncoding("utf8");
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new Error("No terminal to ask for the password: set ADMIN_PASSWORD in the environment instead");
  }
  const first = await promptHidden("Password (at least 12 characters, hidden): ");
  const problem = passwordProblem(first);
  if (problem) throw new Error(problem);
  const second = await promptHidden("Repeat the password: ");
  if (first !== second) throw new Error("The passwords don't match");
  return first;
}

const USAGE = `Usage: npm run admin:create -- --email EMAIL --name "NAME" [--remote] [--env staging|production] [--persist-to DIR]
  Password: asked on the terminal, or ADMIN_PASSWORD from the environment (at least 12 characters).
  Writes to the local D1 database unless --remote or --env is given (--remote alone means --env production).`;

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      remote: { type: "boolean", default: false },
      env: { type: "string" },
      "persist-to": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.email || !values.name) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const target: Target =
    values.remote || values.env
      ? { kind: "remote", env: values.env ?? "production" }
      : { kind: "local", persistTo: values["persist-to"] };
  const password = await readPassword();
  const admin = await createOrResetAdmin({ email: values.email, name: values.name, password, target });
  console.log(`Admin ${admin.email} (${admin.name}) saved in ${describeTarget(target)}. Sign in at /admin/login.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
