// vitest globalSetup for the browser tests: builds the app, then runs a real
// `wrangler dev` on a free port with its own throwaway storage (D1 migrated from
// scratch, empty Durable Objects), and stops the whole process tree afterwards.
//
// It all happens in a snapshot of the working tree in a temporary directory
// (node_modules linked, not copied). Other people and tools rebuild build/ and
// public/build in the checkout while the tests run; in place, wrangler dev
// would reload mid-test and the pages would ask for script chunks that a newer
// build has deleted.
//
// An admin account is created in that D1 (scripts/admin-create.ts) and given to
// the tests as inject("e2eAdmin").
//
//   E2E_SKIP_BUILD=1   reuse the checkout's build/ and public/build (skip `remix build`)
//   E2E_BASE_URL=...   test an already running server instead (no build, no wrangler);
//                      its admin: E2E_ADMIN_EMAIL / _PASSWORD / _NAME, else `npm start`'s demo account
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { chromiumProblem } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the app under test answers, like http://127.0.0.1:41234 (no trailing slash). */
    e2eBaseUrl: string;
    /** An admin account that exists in the app under test, for signing in at /admin/login. */
    e2eAdmin: { email: string; password: string; name: string };
    /** Where the server's local D1 lives, for suites that seed rows no page can create yet (support/seed-d1.ts); null for E2E_BASE_URL. */
    e2eD1: { appDir: string; persistTo: string } | null;
  }
}

// Created in the throwaway D1 before wrangler starts (a real PBKDF2 hash, as in production).
const E2E_ADMIN = { email: "e2e-admin@studio.test", name: "E2E Admin", password: "e2e-admin-password-0123" };
// What scripts/seed-dev-admin.ts creates for `npm start`, for E2E_BASE_URL runs.
const DEV_ADMIN = { email: "admin@studio.local", name: "Studio Admin (dev)", password: "studio-admin-demo" };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;
const MAX_LOG_CHARS = 200_000;

// Wrangler checks for updates and asks for metrics consent; neither is wanted here.
// VSCODE_INSPECTOR_OPTIONS: no inspector proxy (it costs most of the CPU under load; docs/decisions/0028).
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0", VSCODE_INSPECTOR_OPTIONS: "1" };

export default async function setup(project: TestProject) {
  if (process.env.E2E_BASE_URL) {
    project.provide("e2eBaseUrl", process.env.E2E_BASE_URL.replace(/\/$/, ""));
    project.provide("e2eD1", null);
    project.provide("e2eAdmin", {
      email: process.env.E2E_ADMIN_EMAIL ?? DEV_ADMIN.email,
      password: process.env.E2E_ADMIN_PASSWORD ?? DEV_ADMIN.password,
      name: process.env.E2E_ADMIN_NAME ?? DEV_ADMIN.name,
    });
    return;
  }
  // No browser: in CI that is a failure (say so before building anything); on a
  // laptop the suites skip themselves, so don't pay for a server.
  const problem = chromiumProblem();
  if (problem && process.env.CI === "true") throw new Error(problem);
  if (problem) {
    project.provide("e2eBaseUrl", "");
    project.provide("e2eD1", null);
    return;
  }

  const workDir = mkdtempSync(path.join(tmpdir(), "studio-e2e-"));
  const appDir = path.join(workDir, "app");
  const persistTo = path.join(workDir, "state");
  const cleanUp = () => rmSync(workDir, { recursive: true, force: true });

  let server: Server;
  let baseUrl: string;
  try {
    snapshotCheckout(appDir);
    if (process.env.E2E_SKIP_BUILD === "1") copyBuild(appDir);
    // vitest sets NODE_ENV=test, which would make remix build a development bundle.
    else run(appDir, "npx", ["remix", "build"], "remix build", { NODE_ENV: "production" });
    run(appDir, "npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], "D1 migrations");
    run(
      appDir,
      "npx",
      ["tsx", "scripts/admin-create.ts", "--email", E2E_ADMIN.email, "--name", E2E_ADMIN.name, "--persist-to", persistTo],
      "creating the e2e admin",
      { ADMIN_PASSWORD: E2E_ADMIN.password },
    );
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = startWrangler(appDir, port, persistTo, baseUrl);
  } catch (error) {
    cleanUp();
    throw error;
  }

  // Belt and braces: if vitest dies without running teardown, don't leave wrangler holding the port.
  const onExit = () => killGroup(server.child, "SIGKILL");
  process.once("exit", onExit);

  try {
    await waitUntilReady(`${baseUrl}/book`, server);
  } catch (error) {
    await stop(server.child);
    cleanUp();
    process.off("exit", onExit);
    throw error;
  }

  project.provide("e2eBaseUrl", baseUrl);
  project.provide("e2eAdmin", E2E_ADMIN);
  project.provide("e2eD1", { appDir, persistTo });

  return async function teardown() {
    await stop(server.child);
    process.off("exit", onExit);
    cleanUp();
  };
}

// The files git would see (tracked, or untracked and not ignored), minus the tests,
// with node_modules linked. Your .dev.vars is ignored, so it stays out: the tests
// run with wrangler.toml's [vars], whatever you use locally.
function snapshotCheckout(appDir: string) {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${ROOT}:\n${listed.stderr}`);
  const files = listed.stdout.split("\0").filter((f) => f && !f.startsWith("tests/"));
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
    copyFileSync(from, path.join(appDir, file));
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(appDir, "node_modules"), "dir");
}

function copyBuild(appDir: string) {
  for (const dir of ["build", "public/build"]) {
    const from = path.join(ROOT, dir);
    if (!existsSync(from)) throw new Error(`E2E_SKIP_BUILD=1 but ${from} does not exist: run \`npx remix build\` first`);
    cpSync(from, path.join(appDir, dir), { recursive: true });
  }
}

function run(cwd: string, command: string, args: string[], what: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...quietEnv, ...env }, encoding: "utf8", timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (${[command, ...args].join(" ")}, exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("Could not find a free port"))));
    });
  });
}

type Server = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startWrangler(cwd: string, port: number, persistTo: string, baseUrl: string): Server {
  const args = [
    "wrangler",
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    persistTo,
    // 0 = any free port: two dev servers (yours on 8787 and this one) must not both want 9229.
    "--inspector-port",
    "0",
    "--show-interactive-dev-session=false",
    "--var",
    "APP_ENV:test",
    "--var",
    `PUBLIC_BASE_URL:${baseUrl}`,
    // The demo service page (/dev/embed) is on this origin; tests/e2e/embed.test.ts frames from others too.
    "--var",
    `EMBED_ALLOWED_ORIGINS:${baseUrl}`,
  ];
  // Its own process group, so teardown can stop npx, wrangler and workerd together.
  const child = spawn("npx", args, { cwd, env: quietEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString("utf8");
    if (log.length > MAX_LOG_CHARS) log = log.slice(-MAX_LOG_CHARS);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => log, exited };
}

async function waitUntilReady(url: string, server: Server) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`wrangler dev exited (code ${exitCode}) before ${url} answered. Its output:\n${server.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "manual" });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(
    `wrangler dev did not answer GET ${url} with 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last}). Its output:\n${server.output()}`,
  );
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess) {
  if (child.pid === undefined) return;
  killGroup(child, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(child.pid)) killGroup(child, "SIGKILL");
}
