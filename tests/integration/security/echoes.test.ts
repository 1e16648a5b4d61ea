// Issue 11 sweep: outside text reaches answers only checked and bounded. Values from a hostile body (a resourceType,
// an element name) were echoed in full and unescaped as problem `path`s, and the JSON parser's own message quoted
// the first characters of the body (a patient's name and CPR) in the problem detail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepEchoCases, type EchoCase } from "../../../test-fixtures/hostile/sweep.js";
import { KEYS, startTestGateway, type TestGateway } from "../../support/gateway.js";

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

async function answer(c: EchoCase): Promise<{ status: number; text: string }> {
  const response = await gateway.request(c.method, c.path, {
    key: c.as === "gp" ? KEYS.gp : KEYS.ppr,
    ...(c.body !== undefined ? { body: c.body } : {}),
    ...(c.contentType ? { contentType: c.contentType } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
  });
  return { status: response.status, text: await response.text() };
}

describe("answers to hostile input echo nothing unbounded, unescaped or private", () => {
  it.each(sweepEchoCases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { status, text } = await answer(c);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    for (const echoed of c.mustNotEcho) expect(text).not.toContain(echoed);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(c.maxAnswerBytes);
  });
});
