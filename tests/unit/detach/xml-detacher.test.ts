// The FHIR XML detacher (issue 17, point 1): the body copied byte for byte except a long Attachment `data` value, which
// goes decoded and hashed into a blob while it streams, its token in its place; however the body is cut into chunks.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readFhir, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { base64Sink } from "../../../src/medcom/detach/base64-sink.js";
import { DetachRefusal, type Detached, type DetachOptions } from "../../../src/medcom/detach/detacher.js";
import { createXmlDetacher } from "../../../src/medcom/detach/xml-detacher.js";
import { blobIdOf } from "../../../src/medcom/detached.js";
import type { Bundle, Communication } from "../../../src/medcom/model/index.js";
import { createMemoryBlobStore } from "../../../src/store/memory/blob-store.js";
import { build, composeFixture } from "../../support/build.js";

type Split = "whole" | "bytes" | number;

/** A deterministic generator, so a failing random split can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function chunks(bytes: Uint8Array, split: Split): Uint8Array[] {
  if (split === "whole") return [bytes];
  if (split === "bytes") return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  const next = random(split);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length;) {
    const n = 1 + Math.floor(next() * 97);
    out.push(bytes.slice(i, i + n));
    i += n;
  }
  return out;
}

interface Run extends Detached {
  text: string;
  store: ReturnType<typeof createMemoryBlobStore>;
}

async function detach(body: string | Uint8Array, split: Split = "whole", options: Partial<DetachOptions> = {}) {
  const store = createMemoryBlobStore();
  const detacher = createXmlDetacher({
    thresholdChars: 64,
    maxDocumentBytes: 1 << 20,
    open: () => base64Sink(store.create()),
    ...options,
  });
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  for (const chunk of chunks(bytes, split)) await detacher.push(chunk);
  const done = await detacher.end();
  return { ...done, text: new TextDecoder().decode(done.document), store } satisfies Run;
}

async function refusal(body: string, split: Split = "whole", options: Partial<DetachOptions> = {}) {
  const err = await detach(body, split, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DetachRefusal)) throw new Error(`expected a DetachRefusal, got ${String(err)}`);
  return err;
}

function blobBytes(run: Run, token: string): Buffer {
  return Buffer.concat(run.store.blobs.get(blobIdOf(token) ?? "") ?? []);
}

const PDF = randomBytes(3000);
const DATA = PDF.toString("base64");

/** A minimal FHIR XML Bundle with one text and one attachment segment; `data` is the whole `<data …/>` element. */
const letter = (data: string, prefix = "") => {
  const p = prefix === "" ? "" : `${prefix}:`;
  const ns = prefix === "" ? 'xmlns="http://hl7.org/fhir"' : `xmlns:${prefix}="http://hl7.org/fhir"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${p}Bundle ${ns}><${p}entry><${p}resource><${p}MessageHeader/></${p}resource></${p}entry>` +
    `<${p}entry><${p}resource><${p}Communication><${p}payload><${p}contentString value="Hej"/></${p}payload>` +
    `<${p}payload><${p}contentAttachment><${p}contentType value="application/pdf"/>${data}</${p}contentAttachment></${p}payload>` +
    `</${p}Communication></${p}resource></${p}entry></${p}Bundle>`
  );
};
const PATH = "Bundle.entry[1].resource.ofType(Communication).payload[1].contentAttachment.data";

const SPLITS: Split[] = ["whole", "bytes", 1, 2, 3, 42, 1000];

describe("a long attachment value", () => {
  it.each(SPLITS)("is detached, decoded and hashed, its token in its place (split %s)", async (split) => {
    const run = await detach(letter(`<data value="${DATA}"/>`), split);
    expect(run.detached.size).toBe(1);
    const [token, facts] = [...run.detached][0] ?? [];
    expect(run.text).toBe(letter(`<data value="${token}"/>`));
    expect(blobBytes(run, token ?? "")).toEqual(PDF);
    expect(facts).toMatchObject({
      size: PDF.length,
      sha1: createHash("sha1").update(PDF).digest("base64"),
      sha256: createHash("sha256").update(PDF).digest("hex"),
      base64Length: DATA.length,
    });
  });

  it("of a real letter written by the gateway: the document reads back with the token as the data", async () => {
    const bundle = build(
      composeFixture("new-with-attachments.json", {
        attachments: [{ title: "Stor", contentType: "application/pdf", data: DATA }],
      }),
    );
    const run = await detach(writeFhirXml(bundle), 7);
    const read = readFhir(run.document, "xml");
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    const [token] = [...run.detached.keys()];
    const attachments = ((read.value as Bundle).entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is Communication => r?.resourceType === "Communication")
      .flatMap((c) => c.payload ?? [])
      .flatMap((p) => (p.contentAttachment ? [p.contentAttachment] : []));
    expect(attachments.map((a) => a.data)).toEqual([token]);
  });

  it("both quote kinds, white space around '=', other attributes before and after", async () => {
    for (const element of [
      `<data value='${DATA}'/>`,
      `<data\n  id="x"  value \t=\n '${DATA}' />`,
      `<data value = "${DATA}"\n></data>`,
      `<data id='a"b' value="${DATA}" />`,
    ]) {
      const run = await detach(letter(element), "bytes");
      const [token] = [...run.detached.keys()];
      expect(run.text).toBe(letter(element.replace(DATA, token ?? "")));
    }
  });

  it("a namespace prefix on every element", async () => {
    const run = await detach(letter(`<f:data value="${DATA}"/>`, "f"), 5);
    const [token] = [...run.detached.keys()];
    expect(run.text).toBe(letter(`<f:data value="${token}"/>`, "f"));
  });

  it("white space and line breaks inside the value (base64 folded at 76) are allowed", async () => {
    const folded = DATA.replace(/(.{76})/g, "$1\n");
    const run = await detach(letter(`<data value="${folded}"/>`), 13);
    expect(blobBytes(run, [...run.detached.keys()][0] ?? "")).toEqual(PDF);
  });

  it.each(SPLITS)(
    "character references to white space and base64 characters are those characters (split %s)",
    async (split) => {
      // References before the threshold (held, then decoded) and after it (streamed).
      const encoded =
        `${DATA.slice(0, 10)}&#10;&#x${DATA.charCodeAt(10).toString(16)};&#${DATA.charCodeAt(11)};${DATA.slice(12, 500)}&#13;&#x0A;&#32;&#x2F;`
          .replace("&#x2F;", "")
          .concat(DATA.slice(500, 2000), `&#x${DATA.charCodeAt(2000).toString(16).toUpperCase()};`, DATA.slice(2001));
      const run = await detach(letter(`<data value="${encoded}"/>`), split);
      expect(blobBytes(run, [...run.detached.keys()][0] ?? "")).toEqual(PDF);
    },
  );

  it("two attachments, each its own blob", async () => {
    const other = randomBytes(500);
    const body = letter(`<data value="${DATA}"/>`).replace(
      "</Communication>",
      `<payload><contentAttachment><data value="${other.toString("base64")}"/></contentAttachment></payload></Communication>`,
    );
    const run = await detach(body, 11);
    const tokens = [...run.detached.keys()];
    expect(tokens).toHaveLength(2);
    expect(blobBytes(run, tokens[0] ?? "")).toEqual(PDF);
    expect(blobBytes(run, tokens[1] ?? "")).toEqual(other);
  });
});

describe("left as it was", () => {
  it.each(SPLITS)("a value no longer than the threshold, references and all (split %s)", async (split) => {
    const short = "QUJD&#10;REVG" + "A".repeat(64 - 13);
    expect(short).toHaveLength(64);
    const body = letter(`<data value="${short}"/>`);
    const run = await detach(body, split);
    expect(run.text).toBe(body);
    expect(run.detached.size).toBe(0);
    expect(run.store.blobs.size).toBe(0);
    // One character more and it is detached.
    const longer = "QUJD&#10;REVG" + "A".repeat(56);
    expect((await detach(letter(`<data value="${longer}"/>`), split)).detached.size).toBe(1);
  });

  it.each([
    ["a comment", `<!-- <data value="${DATA}"/> -->`],
    ["a comment with dashes", `<!-- - -- <data value="${DATA}"/> -- -->`],
    ["a CDATA section", `<![CDATA[ <data value="${DATA}"/> ]] ] ]]>`],
    ["a processing instruction", `<?pi <data value="${DATA}"/> ? > ?>`],
    ["another attribute's value", `<foo a='<data value="${DATA}"/>'/>`],
    ["another attribute's value (double quotes)", `<foo a="<data value='${DATA}'/>"/>`],
    ["an attribute named otherwise", `<data xvalue="${DATA}" f:value="${DATA}"/>`],
    ["an element named otherwise", `<database value="${DATA}"/><f:datax value="${DATA}"/>`],
  ])("a <data value=…> inside %s", async (_, inside) => {
    const body = letter(inside);
    for (const split of SPLITS) {
      const run = await detach(body, split);
      expect(run.text).toBe(body);
      expect(run.detached.size).toBe(0);
    }
  });

  it("a data element that is not an Attachment's (unknown element, narrative, not a FHIR document)", async () => {
    for (const body of [
      letter(`<data value="${DATA}"/>`)
        .replace("<contentAttachment>", "<contentThing>")
        .replace(/contentAttachment>/, "contentThing>"),
      `<Bundle xmlns="http://hl7.org/fhir"><data value="${DATA}"/></Bundle>`,
      `<Whatever><contentAttachment><data value="${DATA}"/></contentAttachment></Whatever>`,
      `<Patient xmlns="http://hl7.org/fhir"><text><div xmlns="http://www.w3.org/1999/xhtml"><data value="${DATA}"/></div></text></Patient>`,
    ]) {
      const run = await detach(body, 3);
      expect(run.text).toBe(body);
      expect(run.detached.size).toBe(0);
    }
  });

  it("everything after a DOCTYPE (the reader refuses it; nothing inside a DTD is mistaken for an element)", async () => {
    const body = `<!DOCTYPE Bundle [ <!ENTITY x "<data value='${DATA}'/>"> ]>${letter(`<data value="${DATA}"/>`).replace(/^<\?xml[^>]*>\n/, "")}`;
    const run = await detach(body, "bytes");
    expect(run.text).toBe(body);
    expect(run.detached.size).toBe(0);
  });

  it("an unfinished body: what was held is written back for the reader to refuse", async () => {
    const body = letter(`<data value="QUJD&#1`).slice(0, letter(`<data value="QUJD&#1`).indexOf("&#1") + 3);
    expect((await detach(body, 1)).text).toBe(body);
  });
});

describe("refused", () => {
  it.each([
    ["a character outside base64", `${DATA.slice(0, 1000)}*${DATA.slice(1000)}`, /offset 1000/],
    ["misplaced padding", `${DATA.slice(0, 1000)}=${DATA.slice(1001)}`, /padding/],
    ["a length not a multiple of 4", `${DATA}A`, /multiple of 4/],
    ["a named entity", `${DATA.slice(0, 1000)}&amp;${DATA.slice(1000)}`, /&amp;/],
    ["a named entity in the held part", `${DATA.slice(0, 10)}&lt;${DATA.slice(10)}`, /&lt;/],
    ["a reference to '<'", `${DATA.slice(0, 1000)}&#60;${DATA.slice(1000)}`, /&#60;/],
    ["a reference to '&' in hex", `${DATA.slice(0, 1000)}&#x26;${DATA.slice(1000)}`, /&#x26;/],
    ["an upper-case X reference", `${DATA.slice(0, 1000)}&#X41;${DATA.slice(1000)}`, /&#X41;/],
    ["a bare '&'", `${DATA.slice(0, 1000)}& ${DATA.slice(1000)}`, /no character reference/],
    ["a reference without its ';'", `${DATA.slice(0, 1000)}&#10${DATA.slice(1000)}`, /neither/],
    ["non-ASCII", `${DATA.slice(0, 1000)}é${DATA.slice(1000)}`, /offset 1000/],
  ])("%s: 422 base64 at the data element's path", async (_, value, message) => {
    for (const split of ["whole", "bytes", 17] as Split[]) {
      const err = await refusal(letter(`<data value="${value}"/>`), split);
      expect(err).toMatchObject({ status: 422, code: "base64", path: PATH });
      expect(err.message).toMatch(message);
    }
  });

  it("the path counts repeated siblings", async () => {
    const body = letter(`<data value="${DATA}"/>`).replace(
      "</Communication>",
      `<payload><contentAttachment><data value="${DATA}*"/></contentAttachment></payload></Communication>`,
    );
    const err = await refusal(body);
    expect(err.path).toBe("Bundle.entry[1].resource.ofType(Communication).payload[2].contentAttachment.data");
  });

  it("a body ending inside a detached value: 400", async () => {
    const body = letter(`<data value="${DATA}`).slice(0, letter(`<data value="${DATA}`).indexOf(DATA) + DATA.length);
    expect(await refusal(body, 100)).toMatchObject({ status: 400, path: PATH });
  });

  it("a document too large without its attachments: 413 document-too-large", async () => {
    const body = letter(`<data value="${DATA}"/><title value="${"x".repeat(5000)}"/>`);
    expect(await refusal(body, 64, { maxDocumentBytes: 4000 })).toMatchObject({
      status: 413,
      code: "document-too-large",
    });
    // The same document with only the attachment large fits.
    expect((await detach(letter(`<data value="${DATA}"/>`), 64, { maxDocumentBytes: 1000 })).detached.size).toBe(1);
  });

  it("a long value the detacher does not detach counts towards the document", async () => {
    const body = `<Whatever><data value="${DATA}"/></Whatever>`;
    expect(await refusal(body, "whole", { maxDocumentBytes: 1000 })).toMatchObject({ status: 413 });
  });

  it("elements nested deeper than the reader allows: 400 xml-too-deep", async () => {
    const deep = `<Bundle xmlns="http://hl7.org/fhir">${"<a>".repeat(200)}`;
    expect(await refusal(deep, 50)).toMatchObject({ status: 400, code: "xml-too-deep" });
    // As deep as the reader allows is fine.
    expect((await detach(`<Bundle>${"<a>".repeat(99)}${"</a>".repeat(99)}</Bundle>`)).detached.size).toBe(0);
  });

  it("a refused detacher stays refused", async () => {
    const store = createMemoryBlobStore();
    const detacher = createXmlDetacher({
      thresholdChars: 8,
      maxDocumentBytes: 1 << 20,
      open: () => base64Sink(store.create()),
    });
    await expect(detacher.push(new TextEncoder().encode(letter(`<data value="${DATA}*"/>`)))).rejects.toThrow();
    await expect(detacher.push(new Uint8Array(1))).rejects.toBeInstanceOf(DetachRefusal);
    await expect(detacher.end()).rejects.toBeInstanceOf(DetachRefusal);
  });
});

describe("abort", () => {
  it("deletes every blob opened: finished, and the one being written", async () => {
    const store = createMemoryBlobStore();
    const detacher = createXmlDetacher({
      thresholdChars: 64,
      maxDocumentBytes: 1 << 20,
      open: () => base64Sink(store.create()),
    });
    const first = letter(`<data value="${DATA}"/>`);
    const body = `${first.slice(0, first.indexOf("</Communication>"))}<payload><contentAttachment><data value="${DATA}`;
    await detacher.push(new TextEncoder().encode(body));
    expect(store.blobs.size).toBe(2);
    await detacher.abort();
    expect(store.blobs.size).toBe(0);
  });
});

describe("hostile input", () => {
  it("random bytes and cut-up markup never throw anything but a refusal", async () => {
    const next = random(7);
    const pieces = ["<", ">", "/", "!", "?", "-", "[CDATA[", "]]>", "-->", "<!--", '"', "'", "=", " ", "&", "#x", ";"];
    const parts = ["<data value=", "<contentAttachment>", "<Bundle>", DATA.slice(0, 100), "&#10;", "&amp;"];
    for (let n = 0; n < 300; n++) {
      let body = "";
      for (let k = 0; k < 60; k++) {
        const r = next();
        body +=
          r < 0.5
            ? pieces[Math.floor(next() * pieces.length)]
            : r < 0.8
              ? parts[Math.floor(next() * parts.length)]
              : String.fromCharCode(Math.floor(next() * 256));
      }
      for (const split of ["whole", n + 1] as Split[]) {
        const err = await detach(letter(body), split, { thresholdChars: 16 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (err !== undefined) expect(err).toBeInstanceOf(DetachRefusal);
      }
    }
  });

  it("a value made of references costs linear time", async () => {
    const value = "&#65;&#x41;".repeat(100_000);
    const started = performance.now();
    const run = await detach(letter(`<data value="${value}"/>`), 65_536);
    expect(run.detached.size).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("a long element name is not kept whole", async () => {
    const name = "a".repeat(100_000);
    const err = await refusal(`<${name} xmlns="http://hl7.org/fhir">${"<b>".repeat(101)}`, 1000);
    expect(err.path.length).toBeLessThan(2000);
  });
});
