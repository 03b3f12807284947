import { spawnSync } from "node:child_process";

// Which D1 database a db:* script works on, from its command line:
// local by default (`npm start`'s .wrangler/state), or --remote [--env NAME].

/** @returns {{ database: string, where: string[], describe: string }} */
export function readTarget(args) {
  const value = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const env = value("--env");
  const remote = args.includes("--remote") || Boolean(env);
  if (remote && !env) throw new Error("--remote needs --env staging or --env production");
  const persistTo = value("--persist-to");
  const database = value("--database") ?? (env === "production" ? "studio-consultations" : env === "staging" ? "studio-consultations-staging" : "studio-consultations-dev");
  const where = remote ? ["--remote", "--env", env] : ["--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
  return { database, where, describe: remote ? `${database} (remote, --env ${env})` : `${database} (local${persistTo ? `, ${persistTo}` : ""})` };
}

/** Runs wrangler; throws with its output when it fails. */
export function wrangler(args, { quiet = false } = {}) {
  const run = spawnSync("npx", ["wrangler", ...args], { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024, stdio: quiet ? "pipe" : ["inherit", "pipe", "pipe"] });
  if (run.status !== 0) throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** The rows of one SELECT, through `wrangler d1 execute --json`. */
export function query(target, sql) {
  const out = wrangler(["d1", "execute", target.database, ...target.where, "--json", "--command", sql], { quiet: true });
  const parsed = JSON.parse(out.slice(out.indexOf("[")));
  return parsed[0].results;
}
