import { describe, expect, test } from "vitest";
import { bodyCheck, queryCheck } from "../../../src/util/json-schema.js";
import { asJson } from "../../../src/http/routes/mount.js";
import { adminMessagesQuery as searchQuery } from "../../../src/http/routes/shapes/queries.js";

const adminMessagesQuery = queryCheck(asJson(searchQuery));

describe("JSON Schema checks", () => {
  const check = bodyCheck({
    type: "object",
    properties: {
      code: { type: "string", enum: ["ok", "fatal-error"] },
      gln: {
        type: "string",
        pattern: "^[0-9]{13}$",
        "x-issues": { pattern: { code: "gln", message: "{name} must be a 13-digit GLN." } },
      },
      issues: { type: "array", maxItems: 2, items: { type: "string", maxLength: 3 } },
    },
    required: ["code"],
    additionalProperties: false,
  });

  test("report every problem at once, each at its JSON pointer, in the gateway's codes", () => {
    const result = check.check({ gln: "12", issues: ["a", "bbbb", "c"], "odd/key": 1 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => `${i.path} ${i.code} ${i.message}`).sort()).toEqual(
      [
        "/code required code is required.",
        '/odd~1key unknown-key Unknown key "odd/key"; allowed: code, gln, issues.',
        "/gln gln gln must be a 13-digit GLN.",
        "/issues too-many issues holds at most 2 items.",
        "/issues/1 too-long item 1 is longer than 3 characters.",
      ].sort(),
    );
  });

  test("pass a valid value through", () => {
    expect(check.check({ code: "ok" })).toEqual({ ok: true, value: { code: "ok" }, issues: [] });
  });

  test("queries are read from text, with the parameter as the path", () => {
    expect(queryCheck({ type: "object", properties: { n: { type: "integer" } } }).check({ n: "7" })).toMatchObject({
      ok: true,
      value: { n: 7 },
    });
    const bad = adminMessagesQuery.check({ limit: "many", kind: "letter" });
    expect(bad.issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual(["kind value", "limit type"]);
  });
});
