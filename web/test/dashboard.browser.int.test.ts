// The dashboard and the explorer in a real browser (Debian's Chromium via playwright-core) against the whole stack
// as `npm start` runs it, with the gateway serving the built bundle. Screenshots land in web/test-artifacts/.
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, everyPortFree } from "@tickergraph/config";
import type { EmbeddedStack } from "../../scripts/embedded/launcher.js";
import { startEmbedded } from "../../scripts/embedded/launcher.js";
import { buildWebIfStale } from "../scripts/build-if-stale.mjs";
import { launchChromium } from "./browser.js";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const LIVE_TIMEOUT = 30_000;

// Each step waits on live data through a loaded 2-core machine: generous per-test ceilings, conditions awaited.
describe("the dashboard in Chromium", { timeout: 150_000 }, () => {
  let stack: EmbeddedStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  /** Requests the pages tried to send anywhere but our gateway: the dashboard and explorer must work offline. */
  const outside: string[] = [];

  beforeAll(async () => {
    buildWebIfStale();
    await mkdir(ARTIFACTS, { recursive: true });
    stack = await startEmbedded(
      loadConfig({
        DATA_DIR: await mkdtemp(join(tmpdir(), "tickergraph-browser-")),
        ...everyPortFree(),
        SHARE_TICK_MS: "500",
        PRICE_TICK_MS: "500",
        LOG_LEVEL: "warn",
      }),
    );
    base = stack.gatewayUrl.replace(/\/graphql$/, "");
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (
        url.startsWith(base) ||
        url.startsWith(base.replace(/^http/, "ws")) ||
        url.startsWith("data:") ||
        url.startsWith("blob:")
      )
        return route.continue();
      outside.push(url);
      return route.abort();
    });
    // Counts Web Audio oscillators started: the beep, heard by a test that has no speaker.
    await context.addInitScript(() => {
      const start = OscillatorNode.prototype.start;
      (window as unknown as { __oscillators: number }).__oscillators = 0;
      OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
        (window as unknown as { __oscillators: number }).__oscillators += 1;
        return start.apply(this, args);
      };
    });
    page = await context.newPage();
    // A build (tens of seconds on a loaded 2-core machine) and PGlite's start-up come first.
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? "";
  const priceOf = (label: string) => Number(/([\d,]+\.\d+)/.exec(label)?.[1]?.replaceAll(",", "") ?? NaN);

  it("signs up and watches the share value move live", async () => {
    await page.goto(`${base}/`);
    await page.getByLabel("Display name").fill("Grace");
    await page.getByLabel("Email").fill(`grace-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("browser password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => text("share-value"), { timeout: LIVE_TIMEOUT }).toMatch(/\d/);
    const first = await text("share-value");
    await expect.poll(() => text("share-value"), { timeout: LIVE_TIMEOUT }).not.toBe(first);
    await expect.poll(() => page.locator(".share-chart polyline").count(), { timeout: LIVE_TIMEOUT }).toBe(1);
  });

  it("saves a snapshot and sees it in the history", async () => {
    await page.getByRole("button", { name: "Save Snapshot" }).click();
    const history = page.getByTestId("snapshot-history").locator("li");
    await expect.poll(() => history.count(), { timeout: LIVE_TIMEOUT }).toBe(1);
    expect(priceOf((await history.first().textContent()) ?? "")).toBeGreaterThan(0);
    await shot("portfolio");
  });

  it("shows all instruments ticking live, with candles, and buys one", async () => {
    await page.getByRole("link", { name: "Market" }).click();
    await expect.poll(() => page.locator("tbody tr").count(), { timeout: LIVE_TIMEOUT }).toBe(16);
    const before = await text("price-BTC-USD");
    await expect.poll(() => text("price-BTC-USD"), { timeout: LIVE_TIMEOUT }).not.toBe(before);
    await page.getByRole("button", { name: "Show candles and buy AAPL" }).click();
    await expect.poll(() => page.locator(".candles g").count(), { timeout: LIVE_TIMEOUT }).toBeGreaterThan(0);
    await page.getByRole("form", { name: "Buy AAPL" }).getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Buy AAPL", exact: true }).click();
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Bought" }).textContent(), { timeout: LIVE_TIMEOUT })
      .toMatch(/Bought 2 AAPL at/);
    await expect
      .poll(() => page.getByTestId("purchases").first().textContent(), { timeout: LIVE_TIMEOUT })
      .toContain("2 AAPL");
    await shot("market");
  });

  it("creates an alert just below the price, shows the banner with a beep, and marks it triggered", async () => {
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.getByLabel("Instrument").selectOption("AAPL");
    await expect.poll(() => text("alert-current-price"), { timeout: LIVE_TIMEOUT }).toMatch(/AAPL now [\d,.]+/);
    const price = priceOf(await text("alert-current-price"));
    await page.getByLabel("above").check();
    await page.getByLabel("Threshold").fill((price * 0.99).toFixed(2));
    await page.getByRole("button", { name: "Create alert" }).click();
    const banner = page.getByTestId("alert-banner");
    await banner.waitFor({ timeout: LIVE_TIMEOUT });
    expect(await banner.textContent()).toMatch(/AAPL .*went above/);
    await expect.poll(() => page.getByTestId("alerts").textContent(), { timeout: LIVE_TIMEOUT }).toContain("TRIGGERED");
    expect(await page.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators)).toBeGreaterThan(
      0,
    );
    await shot("alerts");
  });

  /** The unread badge beside "Inbox": 0 when it is not shown. */
  const badge = async () => {
    const shown = page.getByTestId("unread-badge");
    return (await shown.count()) === 0 ? 0 : Number.parseInt((await shown.textContent()) ?? "", 10);
  };
  const unreadListed = () => page.locator('[data-testid="notification"].unread').count();

  it("shows the fired alert in the inbox with an exact unread badge, live, without a reload", async () => {
    // Set once per document: still there after the checks below means the page was never reloaded.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    // The earlier steps (sign-up, snapshot, purchase, alert) each announced themselves in the inbox.
    await expect.poll(badge, { timeout: LIVE_TIMEOUT }).toBeGreaterThanOrEqual(4);
    await page.getByRole("link", { name: /^Inbox/ }).click();
    const notifications = page.getByTestId("notification");
    await expect
      .poll(() => notifications.filter({ hasText: "alert triggered" }).count(), { timeout: LIVE_TIMEOUT })
      .toBe(1);
    await expect.poll(async () => (await badge()) === (await unreadListed()), { timeout: LIVE_TIMEOUT }).toBe(true);
    const before = await badge();

    // Another alert fires while the inbox is open: it arrives on notificationReceived, on top, and bumps the badge.
    const fired = await page.evaluate(async () => {
      const call = async (query: string, variables: Record<string, unknown> = {}) => {
        const response = await fetch("/graphql", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${localStorage.getItem("tickergraph.token")}`,
          },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as { data?: Record<string, { price?: number; id?: string }>; errors?: unknown };
      };
      const price = (await call(`{ quote(symbol: "MSFT") { price } }`)).data?.quote?.price ?? 0;
      // Half the current price: it fires on the next tick.
      const input = { symbol: "MSFT", direction: "ABOVE", threshold: Math.round(price * 50) / 100 };
      return call(`mutation($input: CreateAlertInput!) { createAlert(input: $input) { id } }`, { input });
    });
    expect(fired.errors).toBeUndefined();
    expect(fired.data?.createAlert?.id).toMatch(/\S/);
    await expect
      .poll(() => notifications.first().textContent(), { timeout: LIVE_TIMEOUT })
      .toMatch(/alert triggered.*MSFT/is);
    await expect.poll(badge, { timeout: LIVE_TIMEOUT }).toBe(before + 1);
    await expect.poll(unreadListed, { timeout: LIVE_TIMEOUT }).toBe(before + 1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await shot("inbox");
  });

  it("marks one notification read, then all, and the badge follows", async () => {
    const before = await badge();
    await page
      .getByTestId("notification")
      .first()
      .getByRole("button", { name: /^Mark ".*" read$/ })
      .click();
    await expect.poll(badge, { timeout: LIVE_TIMEOUT }).toBe(before - 1);
    await expect.poll(unreadListed, { timeout: LIVE_TIMEOUT }).toBe(before - 1);

    await page.getByLabel("Unread only").check();
    await expect.poll(() => page.getByTestId("notification").count(), { timeout: LIVE_TIMEOUT }).toBe(before - 1);
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect.poll(badge, { timeout: LIVE_TIMEOUT }).toBe(0);
    await page.getByText("Nothing unread.").waitFor({ timeout: LIVE_TIMEOUT });
    await page.getByLabel("Unread only").uncheck();
    await expect.poll(unreadListed, { timeout: LIVE_TIMEOUT }).toBe(0);
  });

  it("shows the purchase, share-value movement and recommendations in insights", async () => {
    await page.getByRole("link", { name: "Insights" }).click();
    // Analytics counts the purchase from Kafka; the page re-reads on every share-value move until it is there.
    await expect
      .poll(() => page.getByTestId("spending-by-symbol").textContent(), { timeout: LIVE_TIMEOUT })
      .toContain("2 AAPL");
    const total = priceOf(await text("spending-total"));
    const purchase = priceOf((await page.getByTestId("spending-by-symbol").locator("li").first().textContent()) ?? "");
    expect(total).toBeGreaterThan(0);
    expect(purchase).toBe(total);
    await expect
      .poll(async () => Number(await page.getByTestId("share-stats-HOUR").locator("td").first().textContent()), {
        timeout: LIVE_TIMEOUT,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId("recommendations").locator("li").count(), { timeout: LIVE_TIMEOUT })
      .toBeGreaterThan(0);
    expect(await text("snapshot-stats")).toMatch(/Saved\s*1/);
    await shot("insights");
  });

  it("fits a narrow window without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("link", { name: "Market" }).click();
    await expect.poll(() => page.locator("tbody tr").count(), { timeout: LIVE_TIMEOUT }).toBe(16);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot("market-narrow");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("runs a subscription in the offline explorer with the signed-in token", async () => {
    await page.goto(`${base}/explorer/`);
    // Monaco and the schema load asynchronously: run only once the editor shows the example operation.
    await expect
      .poll(() => page.locator(".graphiql-query-editor").textContent(), { timeout: 60_000 })
      .toContain("shareValueChanged");
    await page.getByRole("button", { name: /Execute query/ }).click();
    await expect
      .poll(() => page.locator(".graphiql-response").textContent(), { timeout: 60_000 })
      .toContain("previousValue");
    expect(await page.locator(".graphiql-response").textContent()).not.toContain("UNAUTHENTICATED");
    await shot("explorer");
    expect(outside).toEqual([]);
  });
});
