// Console sessions are sealed in Redis (issue 11, point 8's class: a value in Redis must not be taken as genuine just
// because it is there). Someone who can write to Redis plants an administrator's session for a token of their choice,
// or copies a real session under another token: the console does not take either.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../../src/http/console/session.js";
import { gatewayForFile, KEYS, rawRedis } from "../../support/gateway.js";

const gateway = gatewayForFile();
const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");

/** As a browser asks, without following redirects (the test reads them). */
const console_ = (token: string) =>
  fetch(`${gateway.url}/admin`, {
    redirect: "manual",
    headers: { Cookie: `${SESSION_COOKIE}=${token}`, Accept: "text/html" },
  });

async function signIn(): Promise<string> {
  const response = await fetch(`${gateway.url}/admin/sign-in`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ apiKey: KEYS.admin, next: "/admin" }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: gateway.url },
  });
  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!cookie) throw new Error(`sign-in answered ${response.status}`);
  return cookie;
}

describe("console sessions in Redis", () => {
  it("a genuine session works; a planted or copied one is no session", async () => {
    const genuine = await signIn();
    expect((await console_(genuine)).status).toBe(200);

    const redis = rawRedis(gateway.redisUrl);
    const planted = newToken();
    await redis.set(
      `${gateway.prefix}:session:${tokenHash(planted)}`,
      JSON.stringify({ client: "ops", csrf: "x".repeat(43), createdAt: Date.now() }),
      "EX",
      600,
    );
    const copied = newToken();
    const sealed = await redis.get(`${gateway.prefix}:session:${tokenHash(genuine)}`);
    expect(sealed).not.toContain('"client"');
    await redis.set(`${gateway.prefix}:session:${tokenHash(copied)}`, sealed ?? "", "EX", 600);

    for (const token of [planted, copied]) {
      const response = await console_(token);
      expect(response.status).not.toBe(200);
      expect(response.headers.get("location") ?? "").toContain("/admin/sign-in");
    }
    expect(await redis.exists(`${gateway.prefix}:session:${tokenHash(planted)}`)).toBe(0);
    redis.disconnect();
  });
});
