// The request id is the gateway's own (issue 11, point 16); a caller's X-Request-Id is only kept beside it, short and
// reduced to harmless characters, so it cannot forge log lines or pose as another request.
import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import type { AppEnv } from "../../../src/http/env.js";
import { CLIENT_REQUEST_ID_MAX, requestIdentity, sanitizeClientRequestId } from "../../../src/http/request-id.js";

function app() {
  const seen: { requestId: string; clientRequestId: string | undefined }[] = [];
  const hono = new Hono<AppEnv>();
  hono.use(requestIdentity());
  hono.get("/", (c) => {
    seen.push({ requestId: c.get("requestId"), clientRequestId: c.get("clientRequestId") });
    return c.text("ok");
  });
  hono.get("/json", (c) => c.json({ ok: true }, 202, { Location: "/json/1" }));
  hono.get("/redirect", () => Response.redirect("http://localhost/elsewhere", 303));
  hono.get("/fails", () => {
    throw new Error("fails");
  });
  hono.onError(() => new Response("{}", { status: 500, headers: { "Content-Type": "application/problem+json" } }));
  return { hono, seen };
}

describe("request ids", () => {
  test("the id is generated even when the caller sends one; the caller's is kept as clientRequestId", async () => {
    const { hono, seen } = app();
    const response = await hono.request("/", { headers: { "X-Request-Id": "caller-chosen-1" } });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual([{ requestId: id, clientRequestId: "caller-chosen-1" }]);
  });

  test("every answer carries the id: a handler's, an error's, one with immutable headers", async () => {
    const { hono } = app();
    for (const path of ["/json", "/fails", "/redirect", "/none"]) {
      const response = await hono.request(path);
      expect(response.headers.get("x-request-id"), path).toMatch(/^[0-9a-f-]{36}$/);
    }
    const json = await hono.request("/json");
    expect([json.status, json.headers.get("Location"), await json.json()]).toEqual([202, "/json/1", { ok: true }]);
  });

  test("a hostile caller id is cut and stripped of control characters, quotes and spaces", async () => {
    const { hono, seen } = app();
    const hostile = `a"b\\c d\te\u007f${"x".repeat(500)}`;
    await hono.request("/", { headers: { "X-Request-Id": hostile } });
    const kept = seen[0]?.clientRequestId ?? "";
    expect(kept.length).toBe(CLIENT_REQUEST_ID_MAX);
    expect(kept).toMatch(/^abcdex+$/);
    expect(sanitizeClientRequestId("\r\n\t ")).toBeUndefined();
    expect(sanitizeClientRequestId(undefined)).toBeUndefined();
  });
});
