// `npm start`'s last step: wrangler dev on 127.0.0.1:8787, in its own process
// group (Ctrl-C or a kill of this script stops npx, wrangler and workerd
// together), with wrangler's inspector proxy off. That proxy turns every D1
// query into inspector messages and took about two thirds of the CPU under
// load; with it on, workerd dropped kept-alive connections and wrangler 4.86
// reported them as "worker restarted mid-request" 503s (docs/decisions/0028).
// WRANGLER_INSPECTOR=1 npm start keeps the inspector for devtools debugging; PORT=8790 moves it.
import { spawn } from "node:child_process";

const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", process.env.PORT ?? "8787", "--test-scheduled", ...process.argv.slice(2)];
const env = { ...process.env };
if (env.WRANGLER_INSPECTOR !== "1") env.VSCODE_INSPECTOR_OPTIONS ??= "1";

const child = spawn("npx", args, { env, stdio: "inherit", detached: true });
const stopGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopGroup(signal));
process.on("exit", () => stopGroup("SIGKILL"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
