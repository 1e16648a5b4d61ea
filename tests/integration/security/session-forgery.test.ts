// Issue 11 (the class of point 5 elsewhere): a Redis writer — who can read and write every key but holds no key of
// the gateway — must not be able to make a console session: neither plant one for a token of their own choosing nor
// turn an existing one into another administrator's or make it young again.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KEYS, gatewayForFile, rawRedis } from "../../support/gateway.js";

const gateway = gatewayForFile();

const page = (token: string) =>
  fetch(`${gateway.url}/admin`, {
    redirect: "manual",
    headers: { Cookie: `mg_admin_session=${token}`, Accept: "text/html" },
  });

async function signIn(): Promise<string> {
  const response = await fetch(`${gateway.url}/admin/sign-in`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ apiKey: KEYS.admin, next: "/admin" }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: gateway.url },
  });
  return /mg_admin_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";
}

describe("console sessions against a Redis writer", () => {
  it("refuses a session planted in Redis for a token the writer chose", async () => {
    const token = randomBytes(32).toString("base64url");
    const redis = rawRedis(gateway.redisUrl);
    const session = JSON.stringify({
      client: "ops",
      csrf: randomBytes(32).toString("base64url"),
      createdAt: Date.now(),
    });
    await redis.set(
      `${gateway.prefix}:session:${createHash("sha256").update(token).digest("hex")}`,
      session,
      "EX",
      600,
    );
    redis.disconnect();
    expect((await page(token)).status).toBe(303); // to sign-in
  });

  it("refuses a session whose stored fields were changed", async () => {
    const token = await signIn();
    expect((await page(token)).status).toBe(200);
    const redis = rawRedis(gateway.redisUrl);
    const [key] = await redis.keys(`${gateway.prefix}:session:*`);
    const stored = JSON.parse((await redis.get(key ?? "")) ?? "{}") as { createdAt: number };
    await redis.set(key ?? "", JSON.stringify({ ...stored, createdAt: stored.createdAt + 3_600_000 }), "EX", 600);
    redis.disconnect();
    expect((await page(token)).status).toBe(303);
  });
});
