// The checker that holds every answer the suite receives to /openapi.json (tests/support/openapi-check.ts) can fail:
// an undocumented status, an undocumented media type and a body off its schema are each caught.
import { describe, expect, test } from "vitest";
import { openApiMismatch } from "../../support/openapi-check.js";

const answer = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
const problem = (status: number) =>
  answer(status, { type: "about:blank", title: "x", status, issues: [] }, "application/problem+json");
const ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

describe("the /openapi.json answer checker", () => {
  test("passes documented answers", async () => {
    expect(await openApiMismatch("GET", "/healthz", answer(200, { status: "ok" }))).toBeUndefined();
    expect(await openApiMismatch("GET", `/v1/messages/${ID}`, problem(404))).toBeUndefined();
    expect(await openApiMismatch("GET", "/v1/no-such-route", problem(404))).toBeUndefined();
    expect(await openApiMismatch("GET", "/admin/queues/api/queues", answer(200, {}))).toBeUndefined();
  });

  test("fails an undocumented status", async () => {
    expect(await openApiMismatch("GET", `/v1/messages/${ID}`, problem(409))).toMatch(/status not documented/);
    expect(await openApiMismatch("GET", "/v1/no-such-route", problem(500))).toMatch(/status not documented/);
  });

  test("fails an undocumented media type", async () => {
    expect(await openApiMismatch("GET", "/healthz", answer(200, { status: "ok" }, "text/plain"))).toMatch(
      /media type "text\/plain" not documented/,
    );
  });

  test("fails a body off its schema", async () => {
    expect(await openApiMismatch("GET", "/healthz", answer(200, { status: "fine" }))).toMatch(/documented schema/);
    expect(await openApiMismatch("GET", `/v1/messages/${ID}`, answer(200, { id: ID }))).toMatch(
      /must have required property/,
    );
    expect(await openApiMismatch("GET", `/v1/messages/${ID}`, answer(404, { oops: true }, PROBLEM_JSON))).toMatch(
      /documented schema/,
    );
  });
});

const PROBLEM_JSON = "application/problem+json";
