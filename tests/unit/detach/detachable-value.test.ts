// Whether a body may hold a data value worth detaching (issue 17, point 3): a stretch longer than the threshold without
// a quote, found natively in O(n / threshold) searches. Judged against the obvious scan on bodies of every shape.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mayHoldDetachableValue } from "../../../src/medcom/detach/detacher.js";

/** The obvious answer: the longest run without a quote, byte by byte. */
function longestQuoteFree(body: Uint8Array): number {
  let longest = 0;
  let run = 0;
  for (const b of body) {
    run = b === 0x22 ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

const text = (s: string) => Buffer.from(s, "latin1");

describe("mayHoldDetachableValue", () => {
  const T = 64;
  it("finds a stretch of threshold + 1 without a quote wherever it is, and not one of the threshold", () => {
    for (const [body, expected] of [
      ["", false],
      ["x".repeat(T), false],
      ["x".repeat(T + 1), true],
      [`"${"x".repeat(T)}"`, false],
      [`"${"x".repeat(T + 1)}"`, true],
      [`${'"a"'.repeat(50)}${"x".repeat(T + 1)}`, true],
      [`${"x".repeat(T + 1)}${'"a"'.repeat(50)}`, true],
      [`${'"a"'.repeat(50)}"${"x".repeat(T)}"${'"a"'.repeat(50)}`, false],
      [`${'"a"'.repeat(50)}"${"x".repeat(T + 1)}"${'"a"'.repeat(50)}`, true],
      ['"'.repeat(1000), false],
    ] as const)
      expect(mayHoldDetachableValue([text(body)], T), JSON.stringify(body).slice(0, 40)).toBe(expected);
  });

  it("agrees with the obvious scan on bodies of random gaps, views into larger buffers included", () => {
    for (let round = 0; round < 2000; round++) {
      const gaps = Array.from({ length: 1 + (round % 30) }, () => Math.floor(Math.random() * (T + 8)));
      const body = text(gaps.map((g) => "x".repeat(g)).join('"'));
      // A view into a larger buffer of non-quotes: nothing outside the view may count.
      const offset = round % 7;
      const view = Buffer.alloc(offset + body.length + 3, 0x78);
      body.copy(view, offset);
      const inside = new Uint8Array(view.buffer, view.byteOffset + offset, body.length);
      expect(mayHoldDetachableValue([inside], T), `gaps ${gaps.join(",")}`).toBe(longestQuoteFree(body) > T);
    }
  });

  it("agrees with the obvious scan on the same bodies cut into chunks anywhere, a stretch running across them", () => {
    for (let round = 0; round < 2000; round++) {
      const gaps = Array.from({ length: 1 + (round % 30) }, () => Math.floor(Math.random() * (T + 8)));
      const body = text(gaps.map((g) => "x".repeat(g)).join('"'));
      // Cut at random places, empty chunks and chunks of a single byte or quote among them.
      const cuts = Array.from({ length: round % 12 }, () => Math.floor(Math.random() * (body.length + 1))).sort(
        (a, b) => a - b,
      );
      const chunks = [0, ...cuts].map((from, i) => body.subarray(from, [...cuts, body.length][i]));
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      expect(mayHoldDetachableValue(chunks, T), `gaps ${gaps.join(",")} cuts ${cuts.join(",")}`).toBe(
        longestQuoteFree(body) > T,
      );
    }
    // A stretch made only of whole chunks without a quote, and one just short of it.
    const x = (n: number) => text("x".repeat(n));
    expect(mayHoldDetachableValue([text('a"'), x(30), x(30), x(5), text('"b')], T)).toBe(true);
    expect(mayHoldDetachableValue([text('a"'), x(30), x(30), x(4), text('"b')], T)).toBe(false);
    expect(mayHoldDetachableValue([], T)).toBe(false);
  });

  it("a compose request with a long attachment may; one with only short values may not", () => {
    const threshold = 64 * 1024;
    const long = JSON.stringify({ text: "Kære læge", attachments: [{ data: randomBytes(60_000).toString("base64") }] });
    expect(mayHoldDetachableValue([text(long)], threshold)).toBe(true);
    const short = JSON.stringify({
      attachments: Array.from({ length: 8 }, () => ({ data: randomBytes(40_000).toString("base64") })),
    });
    expect(short.length).toBeGreaterThan(threshold);
    expect(mayHoldDetachableValue([text(short)], threshold)).toBe(false);
  });
});
