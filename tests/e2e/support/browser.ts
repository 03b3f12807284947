// Debian's chromium, driven by playwright-core (no downloaded browsers).
import { accessSync, constants } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser tests cannot run here, or null when chromium is there. */
export function chromiumProblem(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return null;
  } catch {
    return (
      `No chromium at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
      `(or point CHROMIUM_PATH at a Chromium binary) to run the browser tests.`
    );
  }
}

/**
 * The reason to skip the browser suites, or null to run them. A missing
 * browser skips them on a laptop but fails the run under CI=true, where
 * skipping would hide that nothing was tested.
 */
export function browserSkipReason(): string | null {
  const problem = chromiumProblem();
  if (!problem) return null;
  if (process.env.CI === "true") throw new Error(problem);
  console.warn(`[e2e] Skipping browser tests: ${problem}`);
  return problem;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}
