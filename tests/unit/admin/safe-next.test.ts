// Issue 11 sweep (point 3, headers built from outside text): the sign-in form's `next` becomes the Location header of
// the redirect. Only a console path in printable ASCII may: a character a header cannot carry made the redirect throw
// (500 on sign-in), and a line break or a backslash must never reach the header.
import { describe, expect, it } from "vitest";
import { safeNext } from "../../../src/http/console/session.js";

describe("the sign-in's next page", () => {
  it.each([
    "/admin",
    "/admin/",
    "/admin/messages?status=failed&limit=50",
    "/admin/messages/00000000-0000-4000-8000-000000000001",
  ])("keeps %s", (next) => expect(safeNext(next)).toBe(next));

  it.each([
    ["a character a header cannot carry", "/admin/\u0100"],
    ["non-ASCII", "/admin/beskeder/æ"],
    ["a line break", "/admin/x\r\nSet-Cookie: a=b"],
    ["a NUL", "/admin/x\u0000"],
    ["a DEL", "/admin/x\u007f"],
    ["a backslash", "/admin/\\evil.example"],
    ["another origin", "//evil.example/admin"],
    ["another path", "/adminx"],
    ["an absolute URL", "https://evil.example/admin"],
    ["a very long path", `/admin/${"a".repeat(5000)}`],
  ])("refuses %s (back to /admin)", (_what, next) => expect(safeNext(next)).toBe("/admin"));
});
