// The streaming JSON detacher (issue 17, point 1): long `data` string values go, unescaped and checked, into blobs
// while the body streams, the document gets their tokens; everything else is copied as it was, wherever the chunks
// split the body. Refusals say what, where (a JSON pointer) and why.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64Sink, type Base64Sink } from "../../../src/medcom/detach/base64-sink.js";
import { DetachRefusal, type Detached } from "../../../src/medcom/detach/detacher.js";
import {
  createJsonDetacher,
  MAX_JSON_DETACH_DEPTH,
  MAX_JSON_KEY_BYTES,
} from "../../../src/medcom/detach/json-detacher.js";
import { blobIdOf } from "../../../src/medcom/detached.js";
import { createMemoryBlobStore } from "../../../src/store/memory/blob-store.js";

const THRESHOLD = 16;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function setup(threshold = THRESHOLD, maxDocumentBytes = 1 << 20) {
  const blobs = createMemoryBlobStore();
  const detacher = createJsonDetacher({
    thresholdChars: threshold,
    maxDocumentBytes,
    open: () => base64Sink(blobs.create()),
  });
  return { blobs, detacher };
}

/** The body cut into pieces: `cuts` are the offsets where a new chunk starts. */
function pieces(body: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [0, ...cuts.filter((c) => c > 0 && c < body.length).sort((a, b) => a - b), body.length];
  const out: Uint8Array[] = [];
  for (let k = 0; k + 1 < at.length; k++) out.push(body.slice(at[k], at[k + 1]));
  return out;
}

async function detach(body: Uint8Array | string, cuts: number[] = [], threshold = THRESHOLD, max = 1 << 20) {
  const all = typeof body === "string" ? bytes(body) : body;
  const { blobs, detacher } = setup(threshold, max);
  for (const piece of pieces(all, cuts)) await detacher.push(piece);
  const result = await detacher.end();
  return { ...result, blobs };
}

async function refusal(body: string, cuts: number[] = [], threshold = THRESHOLD, max = 1 << 20) {
  const { blobs, detacher } = setup(threshold, max);
  let caught: unknown;
  try {
    for (const piece of pieces(bytes(body), cuts)) await detacher.push(piece);
    await detacher.end();
  } catch (err) {
    caught = err;
  }
  await detacher.abort();
  expect(caught).toBeInstanceOf(DetachRefusal);
  return { refusal: caught as DetachRefusal, blobs };
}

/** The document with every token put back as the base64 of its blob. */
function reattached(result: Detached & { blobs: ReturnType<typeof createMemoryBlobStore> }): unknown {
  return JSON.parse(text(result.document), (_key, value: unknown) => {
    if (typeof value !== "string" || !result.detached.has(value)) return value;
    const id = blobIdOf(value) as string;
    return Buffer.concat(result.blobs.blobs.get(id) ?? []).toString("base64");
  });
}

const b64 = (n: number, seed = 1): string =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)).toString("base64");
const compose = (data: string, extra = "") =>
  `{"sender":"5790000123456","attachments":[{"title":"a","contentType":"application/pdf","data":"${data}"${extra}}],"text":"hi"}`;

describe("the JSON detacher", () => {
  it("copies a body whose data values are short exactly as it was, and opens no blob", async () => {
    const body = compose(b64(9)) + "  \n";
    const result = await detach(body);
    expect(text(result.document)).toBe(body);
    expect(result.detached.size).toBe(0);
    expect(result.blobs.blobs.size).toBe(0);
    // A document larger than its first buffer, copied whole.
    const longer = compose(
      b64(9),
      `,"notes":[${Array.from({ length: 500 }, (_, k) => `"note ${k}: ${"é".repeat(k % 40)}"`).join(",")}]`,
    );
    expect(text((await detach(longer, [5000, 9000])).document)).toBe(longer);
  });

  it("keeps a value of exactly the threshold, and detaches one a character longer", async () => {
    const exact = "QUJD".repeat(THRESHOLD / 4);
    expect(text((await detach(compose(exact))).document)).toBe(compose(exact));
    const longer = `${exact}QUJD`;
    const result = await detach(compose(longer));
    expect(result.detached.size).toBe(1);
    const [token, facts] = [...result.detached][0] as [string, { size: number; sha1: string; base64Length: number }];
    expect(text(result.document)).toBe(compose(token));
    const decoded = Buffer.from(longer, "base64");
    expect(facts).toMatchObject({
      size: decoded.length,
      base64Length: longer.length,
      sha1: createHash("sha1").update(decoded).digest("base64"),
      sha256: createHash("sha256").update(decoded).digest("hex"),
    });
    expect(Buffer.concat(result.blobs.blobs.get(blobIdOf(token) as string) ?? [])).toEqual(decoded);
  });

  it("gives the same document and blobs wherever the chunks split the body (1 byte at a time, every cut, random)", async () => {
    const data = b64(60);
    const body = `\uFEFF{"resourceType":"Bundle","entry":[{"resource":{"data":{"data":"${data}"}}},{"resource":{"content":[{"data":"QUJD"},{"data":"${b64(33, 7)}","x":[1,true,null,-2.5e3]}]}}]}`;
    const whole = await detach(body);
    expect(whole.detached.size).toBe(2);
    const expected = JSON.parse(body.slice(1)) as unknown;
    expect(reattached(whole)).toEqual(expected);
    const size = bytes(body).length;
    const same = async (cuts: number[]) => {
      const result = await detach(body, cuts);
      expect(result.detached.size).toBe(2);
      // The tokens differ (new blobs); the document with tokens put back does not.
      expect(reattached(result)).toEqual(expected);
      expect(result.document.length).toBe(whole.document.length);
    };
    await same(Array.from({ length: size }, (_, k) => k));
    for (let cut = 1; cut < size; cut++) await same([cut]);
    for (let round = 0; round < 50; round++)
      await same(Array.from({ length: 1 + (round % 7) }, () => Math.floor(Math.random() * size)));
  });

  it("unescapes a detached value: \\/ is /, \\n \\r \\t are white space, \\u spells base64 or white space", async () => {
    const plain = b64(30, 3).replace(/\//g, "").padEnd(40, "A");
    const clean = plain.slice(0, 40);
    const escaped = `${clean.slice(0, 4)}\\/\\/\\/\\/${clean.slice(4, 12)}\\n\\r\\t \\u0041\\u0062\\u002f\\u002B\\u0020${clean.slice(12)}`;
    const expectedText = `${clean.slice(0, 4)}////${clean.slice(4, 12)}Ab/+${clean.slice(12)}`;
    const body = compose(escaped);
    for (const cuts of [[], Array.from({ length: body.length }, (_, k) => k)]) {
      const result = await detach(body, cuts);
      const [facts] = [...result.detached.values()];
      const decoded = Buffer.from(expectedText, "base64");
      expect(facts?.size).toBe(decoded.length);
      expect(facts?.sha1).toBe(createHash("sha1").update(decoded).digest("base64"));
      expect(facts?.base64Length).toBe(expectedText.length);
    }
  });

  it("refuses any other escape in a detached value with 422 base64 at its path", async () => {
    for (const bad of ['\\"', "\\\\", "\\b", "\\f", "\\u00e9", "\\u0022", "\\u005C", "\\uZZZZ", "\\x"]) {
      const body = compose(`${"QUJD".repeat(5)}${bad}QUJD`);
      for (const cuts of [[], Array.from({ length: body.length }, (_, k) => k)]) {
        const { refusal: r, blobs } = await refusal(body, cuts);
        expect({ bad, status: r.status, code: r.code, path: r.path }).toEqual({
          bad,
          status: 422,
          code: "base64",
          path: "/attachments/0/data",
        });
        expect(blobs.blobs.size).toBe(0);
      }
    }
    // An escape held back before the threshold is judged when the value proves long.
    const early = await refusal(compose(`QU\\"JD${"QUJD".repeat(5)}`));
    expect(early.refusal).toMatchObject({ status: 422, code: "base64" });
  });

  it("refuses corrupt base64 with 422 naming the path and the offset, and deletes the blob on abort", async () => {
    const body = `{"entry":[{},{},{},{"resource":{"payload":[{"contentAttachment":{"data":"${"QUJD".repeat(10)}QU*D"}}]}}]}`;
    const { refusal: r, blobs } = await refusal(body);
    expect(r).toMatchObject({
      status: 422,
      code: "base64",
      path: "/entry/3/resource/payload/0/contentAttachment/data",
    });
    expect(r.message).toContain("offset 42");
    expect(blobs.blobs.size).toBe(0);
    const padding = await refusal(compose(`${"QUJD".repeat(10)}QU=D`));
    expect(padding.refusal).toMatchObject({ status: 422, code: "base64", path: "/attachments/0/data" });
    const length = await refusal(compose(`${"QUJD".repeat(10)}QUJ`));
    expect(length.refusal.message).toContain("multiple of 4");
    expect(length.refusal.message).toContain("(offset 43)");
    const latin = await refusal(compose(`${"QUJD".repeat(10)}Æ`));
    expect(latin.refusal.code).toBe("base64");
  });

  it("detaches only string values of members named data, at any depth; other strings and values are copied", async () => {
    const long = b64(40);
    const body = JSON.stringify({
      note: `"data": "${long}"`,
      [`data-not`]: long,
      metadata: long,
      list: [long, { data: 1234567890 }, { data: [long] }, { data: { inner: long } }, { data: null }],
      "d\\u0061ta": "x",
    }).replace('"d\\\\u0061ta"', '"d\\u0061ta"');
    const result = await detach(body);
    expect(result.detached.size).toBe(0);
    expect(text(result.document)).toBe(body);
    // A member name spelled with escapes is still `data`.
    const spelled = await detach(`{"d\\u0061ta":"${long}"}`);
    expect(spelled.detached.size).toBe(1);
    // Several in one body, and a data member nested in a data object.
    const several = await detach(`[{"data":"${long}"},{"data":{"data":"${b64(50)}"}},{"data":"${b64(41)}"}]`);
    expect(several.detached.size).toBe(3);
    expect(several.blobs.blobs.size).toBe(3);
  });

  it("names the path with JSON pointer escapes and array indexes", async () => {
    const { refusal: r } = await refusal(`{"a/b":{"c~d":[0,1,{"data":"${"QUJD".repeat(5)}!"}]}}`);
    expect(r.path).toBe("/a~1b/c~0d/2/data");
  });

  it("refuses a document too large without its attachment data with 413, and lets large data through", async () => {
    const small = compose(b64(3000));
    const ok = await detach(small, [], THRESHOLD, 200);
    expect(ok.detached.size).toBe(1);
    const big = compose(b64(3000), `,"title2":"${"x".repeat(300)}"`);
    const { refusal: r } = await refusal(big, [], THRESHOLD, 200);
    expect(r).toMatchObject({ status: 413, code: "document-too-large" });
    expect(r.message).toContain("200 bytes");
    // The refusal names where the document grew too large.
    const { refusal: where } = await refusal(`{"a":1,"b":"${"x".repeat(300)}","c":2}`, [], THRESHOLD, 200);
    expect(where.path).toBe("/b");
    // A short data value counts: it stays in the document.
    const { refusal: short } = await refusal(compose(b64(300)), [], 1000, 200);
    expect(short.status).toBe(413);
  });

  it("tolerates a UTF-8 byte order mark and drops it from the document", async () => {
    const body = `\uFEFF${compose("QUJD")}`;
    for (const cuts of [[], [1], [2], [3]]) expect(text((await detach(body, cuts)).document)).toBe(compose("QUJD"));
    expect((await refusal("\u00EF{}")).refusal.status).toBe(400);
  });

  it("refuses nesting deeper than its limit with 400", async () => {
    const ok = "[".repeat(MAX_JSON_DETACH_DEPTH) + "]".repeat(MAX_JSON_DETACH_DEPTH);
    expect((await detach(ok)).document.length).toBe(ok.length);
    const deep = "[".repeat(MAX_JSON_DETACH_DEPTH + 1) + "]".repeat(MAX_JSON_DETACH_DEPTH + 1);
    expect((await refusal(deep)).refusal).toMatchObject({ status: 400, code: "json" });
    // A member name is bounded too.
    const name = "k".repeat(MAX_JSON_KEY_BYTES);
    expect((await detach(`{"${name}":1}`)).document.length).toBe(name.length + 6);
    expect((await refusal(`{"${name}k":1}`)).refusal).toMatchObject({ status: 400, code: "json" });
    // 100 000 levels are refused at the limit, without recursion.
    expect((await refusal("[".repeat(100_000))).refusal.status).toBe(400);
  });

  it("refuses JSON it cannot follow with 400", async () => {
    for (const bad of [
      "",
      "   ",
      "{",
      '{"a" 1}',
      '{"a":1,}',
      "[1,]",
      '{"a":1}}',
      '{"a":1} x',
      "{1:2}",
      '["x"',
      '{"data":"QUJ',
      "]",
      '{"a\u0001":1}',
    ]) {
      const { refusal: r } = await refusal(bad);
      expect({ bad, status: r.status, code: r.code }).toEqual({ bad, status: 400, code: "json" });
    }
    // Cut short inside a detached value: 400, and the blob is deleted by abort.
    const { refusal: cut, blobs } = await refusal(`{"data":"${"QUJD".repeat(20)}`);
    expect(cut.status).toBe(400);
    expect(blobs.blobs.size).toBe(0);
  });

  it("keeps failing after a refusal, and abort deletes every blob it opened, finished or not", async () => {
    const { blobs, detacher } = setup();
    await detacher.push(bytes(`[{"data":"${b64(40)}"},{"data":"${b64(40)}"},{"data":"${"QUJD".repeat(10)}`));
    expect(blobs.blobs.size).toBe(3);
    await expect(detacher.push(bytes('!"}]'))).rejects.toBeInstanceOf(DetachRefusal);
    await expect(detacher.push(bytes("]"))).rejects.toBeInstanceOf(DetachRefusal);
    await expect(detacher.end()).rejects.toBeInstanceOf(DetachRefusal);
    await detacher.abort();
    expect(blobs.blobs.size).toBe(0);
  });

  it("waits for the sink before reading on (back-pressure)", async () => {
    let release: () => void = () => undefined;
    let pushes = 0;
    const slow: Base64Sink = {
      push: () => {
        pushes++;
        return new Promise((resolve) => (release = resolve));
      },
      end: () =>
        Promise.resolve({ id: "00000000-0000-4000-8000-000000000000", size: 3, sha1: "", sha256: "", base64Length: 4 }),
      abort: () => Promise.resolve(),
    };
    const detacher = createJsonDetacher({ thresholdChars: 4, maxDocumentBytes: 1000, open: () => slow });
    let done = false;
    const pushing = detacher.push(bytes('{"data":"QUJDQUJD')).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(pushes).toBe(1);
    expect(done).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(pushes).toBe(2);
    expect(done).toBe(false);
    release();
    await pushing;
    expect(done).toBe(true);
  });

  it("refuses hostile bytes with a DetachRefusal only, and never changes a body it accepts without detaching", async () => {
    const seed = compose(b64(40), `,"n":[1,2,{"data":"QUJD","k":"v\\"\\\\"}]`);
    for (let round = 0; round < 400; round++) {
      const body = Buffer.from(seed);
      for (let k = 0; k < 1 + (round % 4); k++)
        body[Math.floor(Math.random() * body.length)] = randomBytes(1)[0] as number;
      const { blobs, detacher } = setup();
      try {
        for (const piece of pieces(body, [Math.floor(Math.random() * body.length)])) await detacher.push(piece);
        const result = await detacher.end();
        if (result.detached.size === 0) expect(Buffer.from(result.document).equals(body)).toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(DetachRefusal);
        await detacher.abort();
        expect(blobs.blobs.size).toBe(0);
      }
    }
  });
});
