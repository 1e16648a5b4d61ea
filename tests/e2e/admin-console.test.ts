// The administrators' console in a real headless Chromium against a real gateway on a real Redis: sign in, see a
// delivered and a failed message, retry the failed one once its receiver is back, and watch it turn delivered.
// Screenshots of every step are kept in test-artifacts/e2e/.
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, screenshot } from "../support/browser.js";
import { recordFailedDeadline } from "../support/failed-deadline.js";
import {
  demoConfig,
  glnFrom,
  GLN,
  KEYS,
  startTestGateway,
  submitLetter,
  waitForStatus,
  type TestGateway,
} from "../support/gateway.js";
import { startWebhookReceiver, webhookLocation, type WebhookReceiver } from "../support/receivers.js";
import { readFixture } from "../support/shared.js";

const WEBHOOK_GLN = glnFrom("579000020001");

let receiver: WebhookReceiver;
let gateway: TestGateway;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let delivered: string;
let failed: string;
let reply: string;

const REPLY = JSON.parse(readFixture("compose/reply-gp-to-ppr.json")) as Record<string, unknown>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.always(503);
  gateway = await startTestGateway({
    config: demoConfig(
      { locations: [webhookLocation(WEBHOOK_GLN, "100000000000021", receiver.url)] },
      { deliveryAttempts: 2 },
    ),
  });
  delivered = (await submitLetter(gateway)).id;
  failed = (await submitLetter(gateway, KEYS.ppr, { receiver: WEBHOOK_GLN })).id;
  await waitForStatus(gateway, delivered, ["delivered"]);
  await waitForStatus(gateway, failed, ["failed"]);
  // The GP answers the delivered letter, so the conversations page has an answered letter to chart.
  reply = (await submitLetter(gateway, KEYS.gp, { ...REPLY, inReplyTo: delivered })).id;
  await waitForStatus(gateway, reply, ["delivered"]);
  browser = await launchChromium();
  context = await browser.newContext({ locale: "da-DK", viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await receiver?.close();
});

describe("the administrators' console in Chromium", () => {
  test("a page of the console sends a signed-out visitor to sign in; a wrong key is refused", async () => {
    await page.goto(`${gateway.url}/admin/messages`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
    await page.fill("#apiKey", KEYS.ppr);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("[role=alert]")).toContain("ikke en administrators nøgle");
    await screenshot(page, "01-sign-in-refused");
  });

  test("signing in with the admin key lands on the page asked for, with an HttpOnly session cookie", async () => {
    await page.fill("#apiKey", KEYS.admin);
    await page.click("button[type=submit]");
    await page.waitForURL(/\/admin\/messages$/);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "mg_admin_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Strict");
    expect(await page.evaluate("document.cookie")).not.toContain("mg_admin_session");
    await screenshot(page, "02-messages");
  });

  test("the messages list shows the delivered and the failed message, without patient data", async () => {
    const statusOf = (id: string) => page.getAttribute(`tr[data-id="${id}"] [data-status]`, "data-status");
    expect(await statusOf(delivered)).toBe("delivered");
    expect(await statusOf(failed)).toBe("failed");
    expect(await statusOf(reply)).toBe("delivered");
    const text = (await page.textContent("main")) ?? "";
    // The demo letter's patient (CPR 2509479989, Bruno Elmer) and its text never show in a list.
    for (const secret of ["2509479989", "Elmer", "Bruno"]) expect(text).not.toContain(secret);
  });

  test("the overview counts them and names the failure's reason", async () => {
    await page.click('nav a[href="/admin"]');
    await page.waitForURL(/\/admin$/);
    expect(await page.textContent('[data-count="delivered"] .n')).toBe("2");
    expect(await page.textContent('[data-count="failed"] .n')).toBe("1");
    expect(await page.textContent("#failure-reasons")).toContain("gave up after 2 attempts");
    expect(await page.getAttribute('meta[http-equiv="refresh"]', "content")).toBeTruthy();
    expect(await page.locator("#failed-deadlines").count(), "no failed deadline, no table").toBe(0);
    await screenshot(page, "03-overview");
  });

  test("the overview lists an acknowledgement deadline that failed, linked to its letter", async () => {
    const ref = { messageId: delivered, send: 1, reason: "no-acknowledgement" as const };
    await recordFailedDeadline(gateway.redisUrl, gateway.prefix, ref, "store unreadable");
    await page.reload();
    const row = page.locator(`#failed-deadlines tr:has(a[href="/admin/messages/${delivered}"])`);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("store unreadable");
    expect(await row.textContent()).toContain("no-acknowledgement");
    expect(await page.textContent("main")).toContain("Kvitteringsfrister der ikke kunne køres (1)");
    await screenshot(page, "03b-overview-failed-deadline");
  });

  test("the failed message's timeline shows every attempt with its reason", async () => {
    await page.click(`#failures a[href="/admin/messages/${failed}"]`);
    await page.waitForURL(new RegExp(`/admin/messages/${failed}$`));
    expect(await page.locator('#timeline tr[data-event="delivery-attempt"]').count()).toBe(2);
    expect(await page.textContent("#timeline")).toContain("HTTP 503");
    expect(await page.textContent("#failure-reason")).toContain("gave up after 2 attempts");
    await screenshot(page, "04-failed-message");
  });

  test("retry asks for confirmation, then sends it again; once the receiver is back it turns delivered", async () => {
    receiver.always(200);
    await page.click("#action-retry");
    await page.waitForURL(new RegExp(`/admin/messages/${failed}/retry$`));
    await screenshot(page, "05-confirm-retry");
    await page.click("#confirm");
    await page.waitForURL(new RegExp(`/admin/messages/${failed}\\?done=retry$`));
    expect(await page.textContent("[role=status]")).toContain("sendt igen");
    // The page refreshes itself while the message is on its way; wait for it to show delivered.
    await page.waitForSelector('#status [data-status="delivered"]', { timeout: 20_000 });
    expect(await page.locator('#timeline tr[data-event="resend"]').count()).toBe(1);
    expect(await page.locator("#failure-reason").count()).toBe(0);
    await screenshot(page, "06-retried-delivered");
    const record = await waitForStatus(gateway, failed, ["delivered"]);
    expect(record.resends).toBe(1);
    expect(receiver.calls.at(-1)?.headers["idempotency-key"]).toBe(failed);
  });

  test("the conversations, directory and queue pages render; the language switches to English", async () => {
    await page.click('nav a[href="/admin/conversations"]');
    const bar = (receiver: string, part: string) =>
      page.getAttribute(`svg.chart g[data-receiver="${receiver}"] rect.${part}`, "width");
    expect(Number(await bar("Lægerne i Helsinge", "answered"))).toBeGreaterThan(0);
    expect(Number(await bar("Lægerne i Helsinge", "unanswered"))).toBe(0);
    expect(Number(await bar("Lægerne Webhook", "answered"))).toBe(0);
    expect(await page.textContent(`#reply-stats tr[data-gln="${GLN.gp}"]`)).toContain("100 %");
    await screenshot(page, "07-conversations");
    await page.click('nav a[href="/admin/directory"]');
    expect(await page.getAttribute(`tr[data-gln="${WEBHOOK_GLN}"] [data-health]`, "data-health")).toBe("degraded");
    expect(await page.getAttribute(`tr[data-gln="${GLN.gp}"] [data-health]`, "data-health")).toBe("ok");
    await page.click('a[hreflang="en"]');
    await page.waitForURL(/\/admin\/directory$/);
    expect(await page.textContent("h1")).toBe("Directory");
    await screenshot(page, "08-directory-english");
    // The board works under its CSP and asks no other host for anything (its Google Fonts link is removed; issue 11,
    // point 14).
    const outside: string[] = [];
    const blocked: string[] = [];
    const gatewayOrigin = new URL(gateway.url).origin;
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.protocol !== "data:" && url.origin !== gatewayOrigin) outside.push(url.origin);
    };
    const onConsole = (message: { text(): string }) => {
      if (message.text().includes("Content Security Policy")) blocked.push(message.text());
    };
    page.on("request", onRequest);
    page.on("console", onConsole);
    await page.click('nav a[href="/admin/queues"]');
    await page.click("text=delivery", { timeout: 15_000 });
    await page.waitForSelector(`text=deliver-${delivered}`, { timeout: 15_000 });
    await screenshot(page, "09-queues");
    page.off("request", onRequest);
    page.off("console", onConsole);
    expect(outside).toEqual([]);
    expect(blocked).toEqual([]);
  });

  test("signing out ends the session", async () => {
    await page.goto(`${gateway.url}/admin`);
    await page.click("header form button");
    await page.waitForURL(/\/admin\/sign-in$/);
    await page.goto(`${gateway.url}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
    expect(existsSync(await screenshot(page, "10-signed-out"))).toBe(true);
  });
});
