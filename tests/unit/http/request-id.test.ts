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
