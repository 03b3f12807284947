// The browser session the page-driving suites share: one chromium per file, a
// fresh context per page, and a check after each test that the pages had no
// problems a user would notice even when the assertions pass (uncaught errors,
// console errors, unexpected HTTP errors, failed requests).
//
// Call useBrowserSession() inside the suite's describe(): it registers the
// beforeAll / afterAll / afterEach hooks and returns what the tests use.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { launchChromium } from "./browser";

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

export type BrowserSessionOptions = {
  /** The browser's zone when openPage() is not given one. */
  defaultTimeZone: string;
  /** Statuses a POST may answer on purpose (a refused form is a 400 or 409; the page shows why). */
  expectedPostStatuses?: number[];
  /** No favicon yet: the browser's own request for it is not something the page asked for. Default true. */
  ignoreFavicon?: boolean;
  /**
   * Ignore requests cancelled by the browser (net::ERR_ABORTED): a link's prefetch
   * (prefetch="intent") dropped when focus moves on, or the favicon when the page
   * navigates. Nothing a user sees. Default false.
   */
  ignoreAbortedRequests?: boolean;
};

export type OpenPageOptions = {
  javaScript?: boolean;
  timezoneId?: string;
  /** Cookies and storage to start from (a signed-in session). */
  storageState?: BrowserContextOptions["storageState"];
};

export type BrowserSession = {
  openPage(options?: OpenPageOptions): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  /** For the current test only: 4xx/5xx answers for paths under these prefixes are expected (a bad link is a 404 on purpose). */
  expectHttpErrorsUnder(...prefixes: string[]): void;
};

export function useBrowserSession({
  defaultTimeZone,
  expectedPostStatuses = [400, 409],
  ignoreFavicon = true,
  ignoreAbortedRequests = false,
}: BrowserSessionOptions): BrowserSession {
  const baseUrl = inject("e2eBaseUrl");
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  // Uncaught errors and console errors (a failed hydration, a missing script)
  // are problems a user would notice even when the assertions pass.
  let pageProblems: string[] = [];
  // Paths whose 4xx answers the current test expects.
  let expectedErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    const problems = pageProblems;
    pageProblems = [];
    expectedErrors = [];
    expect(problems, "errors in the browser console").toEqual([]);
  });

  async function openPage({ javaScript = true, timezoneId = defaultTimeZone, storageState }: OpenPageOptions = {}): Promise<Page> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      javaScriptEnabled: javaScript,
      timezoneId,
      locale: "en-GB",
      viewport: { width: 1280, height: 900 },
      storageState,
    });
    contexts.push(context);
    // A context a test (or a beforeAll) closes itself is not closed again after the test.
    context.once("close", () => {
      contexts = contexts.filter((c) => c !== context);
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (error) => pageProblems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      // HTTP errors are judged below, from the responses themselves.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        pageProblems.push(`console.error: ${message.text()} (${message.location().url})`);
      }
    });
    page.on("response", (response) => {
      const { pathname } = new URL(response.url());
      const expected =
        (response.request().method() === "POST" && expectedPostStatuses.includes(response.status())) ||
        expectedErrors.some((p) => pathname.startsWith(p));
      if (response.status() >= 400 && !expected && !(ignoreFavicon && pathname === "/favicon.ico")) {
        pageProblems.push(`HTTP ${response.status()} for ${response.request().method()} ${pathname}`);
      }
    });
    page.on("requestfailed", (request) => {
      const error = request.failure()?.errorText;
      // With JavaScript off, chromium refuses the page's script preloads; that is the point.
      if (!javaScript && error === "csp") return;
      if (ignoreAbortedRequests && error === "net::ERR_ABORTED") return;
      pageProblems.push(`request failed: ${request.method()} ${request.url()} (${error})`);
    });
    return page;
  }

  async function screenshot(page: Page, name: string) {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  function expectHttpErrorsUnder(...prefixes: string[]) {
    expectedErrors = prefixes;
  }

  return { openPage, screenshot, expectHttpErrorsUnder };
}

export type SignedIn = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Signs the e2e admin in through /admin/login and returns the cookies to open signed-in pages with (openPage({ storageState })). */
export async function signInAdmin(session: BrowserSession): Promise<SignedIn> {
  const admin = inject("e2eAdmin");
  const page = await session.openPage();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/admin"), page.getByRole("button", { name: "Sign in" }).click()]);
  const state = await page.context().storageState();
  await page.context().close();
  return state;
}
