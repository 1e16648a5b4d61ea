// Throttling keyed by the client's address behind a trusted reverse proxy (issue 11, point 13): TRUST_PROXY names the
// proxy (here: loopback, where the test's requests come from); the address is the rightmost X-Forwarded-For hop the
// proxy did not write itself. Console sign-in failures and failed /v1 authentications are counted per address.
import { describe, expect, it } from "vitest";
import { AUTH_FAILURES_PER_MINUTE } from "../../../src/http/auth-throttle.js";
import { awayFromMinuteTurn, gatewayForFile, KEYS } from "../../support/gateway.js";

const gateway = gatewayForFile({ env: { trustedProxies: new Set(["127.0.0.1", "::1"]) } });

const fromAddress = (address: string, key: string) =>
  gateway.request("GET", "/v1/locations", { key, headers: { "X-Forwarded-For": `198.51.100.99, ${address}` } });

function signIn(address: string, apiKey: string) {
  return fetch(`${gateway.url}/admin/sign-in`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ apiKey, next: "/admin" }).toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: gateway.url,
      "X-Forwarded-For": address,
    },
  });
}

describe("failed-authentication budget on /v1", () => {
  it("answers 429 with Retry-After once an address has failed too often, and leaves other addresses alone", async () => {
    await awayFromMinuteTurn();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE; i++)
      statuses.push((await fromAddress("203.0.113.7", `wrong-key-${i}`)).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const throttled = await fromAddress("203.0.113.7", "wrong-key-again");
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    // Throttled, even the right key waits: the address is told to stop guessing.
    expect((await fromAddress("203.0.113.7", KEYS.ppr)).status).toBe(429);
    // The forged left-hand hop (198.51.100.99) is not the key: another real address has its own budget.
    expect((await fromAddress("203.0.113.8", "wrong-key")).status).toBe(401);
    expect((await fromAddress("203.0.113.8", KEYS.ppr)).status).toBe(200);
  });
});

describe("console sign-in behind a trusted proxy", () => {
  it("counts failures per forwarded client address, not per proxy", async () => {
    await awayFromMinuteTurn();
    const statuses: number[] = [];
    while (statuses.length < 11 && statuses.at(-1) !== 429)
      statuses.push((await signIn("203.0.113.20", `guess-${statuses.length}`)).status);
    expect(statuses.at(-1)).toBe(429);
    // Another client behind the same proxy can still sign in.
    expect((await signIn("203.0.113.21", KEYS.admin)).status).toBe(303);
  });
});
