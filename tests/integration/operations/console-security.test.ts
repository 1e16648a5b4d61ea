// The console's sign-in, session and CSRF defences over plain HTTP (what a hostile page or a stolen Redis dump could
// try), and the queue board's read-only, redacted view.
import { describe, expect, it } from "vitest";
import { sendBody } from "../../support/send-body.js";
import {
  awayFromMinuteTurn,
  KEYS,
  gatewayForFile,
  rawRedis,
  submitLetter,
  waitForStatus,
} from "../../support/gateway.js";

const gateway = gatewayForFile();

/** A request as a browser makes it, without following redirects (the test reads them). */
const send = (method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
  fetch(`${gateway.url}${path}`, { method, redirect: "manual", ...init });

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return send("POST", path, {
    body: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: gateway.url, ...headers },
  });
}

async function signIn(key: string = KEYS.admin, headers: Record<string, string> = {}) {
  const response = await post("/admin/sign-in", { apiKey: key, next: "/admin" }, headers);
  const cookie = response.headers.get("set-cookie") ?? "";
  return { response, cookie, token: /mg_admin_session=([^;]+)/.exec(cookie)?.[1] ?? "" };
}

const page = (path: string, token: string) =>
  send("GET", path, { headers: { Cookie: `mg_admin_session=${token}`, Accept: "text/html" } });

async function csrfOf(token: string): Promise<string> {
  const html = await (await page("/admin", token)).text();
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
}

describe("sign-in", () => {
  it("sends a signed-out visitor to sign in, keeping where they were going (only within /admin)", async () => {
    const response = await send("GET", "/admin/messages?status=failed", {
      headers: { Accept: "text/html" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/sign-in?next=%2Fadmin%2Fmessages%3Fstatus%3Dfailed");
    const evil = await post("/admin/sign-in", { apiKey: KEYS.admin, next: "//evil.example/admin" });
    expect(evil.headers.get("location")).toBe("/admin");
  });

  it("refuses a form larger than 16 KB, also when it is streamed without a Content-Length", async () => {
    const form = `apiKey=${KEYS.admin}&next=%2Fadmin&pad=${"x".repeat(1024 * 1024)}`;
    const headers = { "Content-Type": "application/x-www-form-urlencoded", Origin: gateway.url };
    const body = new TextEncoder().encode(form);
    // Over sendBody (send-body.ts), not fetch: the 413 is read even while the form is still being sent, so only a real
    // 413 passes; a close that loses the answer counts only if the gateway caused it, is still serving, and it does
    // not happen both times (a gateway that closes instead of answering would lose every answer).
    let cutOff = 0;
    for (const chunked of [false, true]) {
      const answer = await sendBody(`${gateway.url}/admin/sign-in`, { method: "POST", headers, body, chunked });
      if (answer.resetWhileSending) cutOff += 1;
      else expect(answer.status, chunked ? "streamed" : "with Content-Length").toBe(413);
    }
    expect(cutOff).toBeLessThanOrEqual(1);
    expect((await gateway.request("GET", "/healthz")).status).toBe(200);
  });

  it("gives an admin key an HttpOnly, SameSite=Strict session cookie scoped to /admin; Secure behind TLS", async () => {
    const { response, cookie } = await signIn();
    expect(response.status).toBe(303);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await signIn(KEYS.admin, { "X-Forwarded-Proto": "https" })).cookie).toMatch(/Secure/);
  });

  it("refuses a key without the admin role, and a sign-in posted from another site", async () => {
    const { response, cookie } = await signIn(KEYS.gp);
    expect(response.status).toBe(401);
    expect(cookie).toBe("");
    const crossSite = await post("/admin/sign-in", { apiKey: KEYS.admin }, { Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const fetchMetadata = await post("/admin/sign-in", { apiKey: KEYS.admin }, { "Sec-Fetch-Site": "cross-site" });
    expect(fetchMetadata.status).toBe(403);
  });

  it("keeps only a hash of the session token in Redis", async () => {
    const { token } = await signIn();
    const redis = rawRedis(gateway.redisUrl);
    try {
      const keys = await redis.keys(`${gateway.prefix}:session:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).not.toContain(token);
        expect(await redis.get(key)).not.toContain(token);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe("actions and CSRF", () => {
  it("refuses an action without the session's token, with another session's token, or from another site", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    const mine = (await signIn()).token;
    const theirs = (await signIn()).token;
    const cookie = { Cookie: `mg_admin_session=${mine}` };
    const action = `/admin/messages/${id}/resend`;
    expect((await post(action, {}, cookie)).status).toBe(403);
    expect((await post(action, { csrf: await csrfOf(theirs) }, cookie)).status).toBe(403);
    const token = await csrfOf(mine);
    expect((await post(action, { csrf: token }, { ...cookie, Origin: "https://evil.example" })).status).toBe(403);
    // Nothing was resent by the refused attempts; the genuine one is.
    const before = await waitForStatus(gateway, id, ["delivered"]);
    expect(before.resends).toBe(0);
    const ok = await post(action, { csrf: token }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/admin/messages/${id}?done=resend`);
    expect((await waitForStatus(gateway, id, ["delivered"])).resends).toBe(1);
  });

  it("ends the session on sign-out", async () => {
    const { token } = await signIn();
    expect((await page("/admin", token)).status).toBe(200);
    const out = await post("/admin/sign-out", { csrf: await csrfOf(token) }, { Cookie: `mg_admin_session=${token}` });
    expect(out.status).toBe(303);
    expect((await page("/admin", token)).status).toBe(303);
  });

  it("serves the pages with a CSP that allows no script and no framing", async () => {
    const { token } = await signIn();
    const response = await page("/admin", token);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).not.toContain("<script");
  });
});

describe("errors", () => {
  it("are a page for a browser and a problem document for anything else, each naming the issue", async () => {
    const { token } = await signIn();
    const unknown = "/admin/messages/00000000-0000-4000-8000-00000000dead";
    const asPage = await page(unknown, token);
    expect(asPage.status).toBe(404);
    expect(asPage.headers.get("content-type")).toContain("text/html");
    expect(await asPage.text()).toContain("message-unknown");
    const asProblem = await send("GET", unknown, {
      headers: { Cookie: `mg_admin_session=${token}` },
    });
    expect(asProblem.status).toBe(404);
    expect(asProblem.headers.get("content-type")).toContain("application/problem+json");
    expect(((await asProblem.json()) as { issues: { code: string }[] }).issues[0]?.code).toBe("message-unknown");
    // Not a message id at all: a malformed request (issue 11, point 1), a page saying so.
    const malformed = await page("/admin/messages/no-such-message", token);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("message-id");
    const badSearch = await page("/admin/messages?status=lost", token);
    expect(badSearch.status).toBe(400);
    expect(await badSearch.text()).toContain("status must be one of");
  });
});

describe("the queue board", () => {
  it("is behind the sign-in, read-only, with job data redacted", async () => {
    const { id } = await submitLetter(gateway);
    await waitForStatus(gateway, id, ["delivered"]);
    expect((await send("GET", "/admin/queues/api/queues")).status).toBe(401);
    const { token } = await signIn();
    const cookie = { Cookie: `mg_admin_session=${token}` };
    const api = await send("GET", "/admin/queues/api/queues?activeQueue=delivery&status=completed", {
      headers: cookie,
    });
    expect(api.status).toBe(200);
    const board = (await api.json()) as {
      queues: { name: string; readOnlyMode: boolean; jobs: { data: unknown }[] }[];
    };
    const delivery = board.queues.find((q) => q.name === "delivery");
    expect(delivery?.readOnlyMode).toBe(true);
    expect(delivery?.jobs.length).toBeGreaterThan(0);
    expect(delivery?.jobs.every((j) => j.data === "[redacted]")).toBe(true);
    const pause = await send("PUT", "/admin/queues/api/queues/delivery/pause", {
      headers: { ...cookie, Origin: gateway.url },
    });
    expect(pause.status).toBe(403);
    expect((await gateway.request("GET", "/readyz")).status).toBe(200);
  });
});

describe("the queue board's answers (issue 11, point 14)", () => {
  it("carry the console's protections, load nothing from another host and show no server details", async () => {
    const { token } = await signIn();
    const board = await page("/admin/queues", token);
    expect(board.status).toBe(200);
    const csp = board.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    // Only the gateway itself: no host, scheme or wildcard source anywhere in the policy.
    expect(csp).not.toMatch(/https?:|\*|\/\//);
    expect(board.headers.get("cache-control")).toBe("no-store");
    expect(board.headers.get("x-frame-options")).toBe("DENY");
    expect(board.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await board.text();
    expect(html).not.toContain("fonts.googleapis.com");
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const script = /src="(static\/js\/[^"]+)"/.exec(html)?.[1] ?? "";
    const asset = await page(`/admin/queues/${script}`, token);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asset.headers.get("cache-control")).toBe("no-store");
    const missing = await page("/admin/queues/static/js/%2e%2e/%2e%2e/%2e%2e/package.json", token);
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(await missing.text()).not.toMatch(/node_modules|\/work\/|at .*\.js:\d+/);
  });
});

// Last: it leaves this address throttled for the rest of the minute.
describe("sign-in attempts", () => {
  it("throttles failed sign-ins from one address after ten in a minute, and then the right key waits too", async () => {
    await awayFromMinuteTurn();
    const statuses: number[] = [];
    while (statuses.length < 11 && statuses.at(-1) !== 429)
      statuses.push((await signIn(`guess-${statuses.length}`)).response.status);
    const refusals = statuses.slice(0, -1);
    expect(statuses.at(-1)).toBe(429);
    expect(refusals.every((s) => s === 401)).toBe(true);
    expect(refusals.length).toBeLessThanOrEqual(10);
    // Throttled, the right key is not even checked: the address is told to wait.
    expect((await signIn()).response.status).toBe(429);
  });
});
