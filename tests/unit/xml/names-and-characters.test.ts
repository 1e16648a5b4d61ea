// Issue 11, point 11: element names that are also names of JavaScript's Object.prototype, and characters XML cannot
// carry. `__proto__`, `constructor` and `prototype` are refused with a position (they gave 500); `toString`,
// `valueOf`, `hasOwnProperty` are ordinary names and are stored exactly (they were stored as `__toString`). FHIR JSON
// is held to XML's character set, so an XML receiver never gets a malformed document.
import { describe, expect, test } from "vitest";
import { readFhir, writeFhirXml } from "../../../src/medcom/fhir/index.js";
import { parseComposeRequest } from "../../../src/medcom/compose/parse.js";
import { parseXml } from "../../../src/medcom/xml.js";

const FHIR = 'xmlns="http://hl7.org/fhir"';

describe("XML names JavaScript objects cannot carry", () => {
  test.each(["__proto__", "constructor", "prototype"])("element <%s> is refused with its line and column", (name) => {
    for (const body of [
      `<Bundle ${FHIR}>\n  <${name} value="x"/>\n</Bundle>`,
      `<Bundle ${FHIR}>\n  <${name}><a/></${name}>\n</Bundle>`,
      `<Bundle ${FHIR}>\n  <text><div xmlns="http://www.w3.org/1999/xhtml"><${name}>x</${name}></div></text>\n</Bundle>`,
    ]) {
      const result = readFhir(body, "xml");
      expect(result.ok).toBe(false);
      expect(result.issues[0]?.code).toBe("xml-reserved-name");
      expect(result.issues[0]?.path).toMatch(/^line 2, column \d+$/);
    }
  });

  test.each(["__proto__", "constructor", "prototype"])("attribute %s is refused, not a 500", (name) => {
    const result = parseXml(`<Bundle ${FHIR}><id ${name}="x" value="a"/></Bundle>`);
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe("xml-reserved-name");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  // (`__defineGetter__` and the like start with `_`, which FHIR JSON reserves for a primitive's companion.)
  test.each(["toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"])(
    "<%s> is stored under exactly its name and survives a round trip",
    (name) => {
      const body =
        `<Bundle ${FHIR}><id value="a"/><${name} value="x"/>` +
        `<meta><${name} value="y"/><${name} value="z"/></meta>` +
        `<entry><resource><Patient><${name}><a value="p"/></${name}>` +
        `<text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><${name}>t</${name}></div></text>` +
        `</Patient></resource></entry></Bundle>`;
      const read = readFhir(body, "xml");
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      const json = read.value as unknown as Record<string, unknown>;
      expect(Object.hasOwn(json, name)).toBe(true);
      expect(json[name]).toBe("x");
      expect((json.meta as Record<string, unknown>)[name]).toEqual(["y", "z"]);
      const again = readFhir(writeFhirXml(read.value), "xml");
      expect(again.ok).toBe(true);
      if (again.ok) expect(again.value).toEqual(read.value);
      expect(writeFhirXml(read.value)).toContain(`<${name} value="x"/>`);
    },
  );

  test("the element map of an attribute list has no prototype", () => {
    const result = parseXml(`<a toString="1"/>`);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.getPrototypeOf(result.value.attrs)).toBeNull();
      const attrs = result.value.attrs;
      expect(Object.getOwnPropertyDescriptor(attrs, "toString")?.value).toBe("1");
      expect("valueOf" in attrs).toBe(false);
    }
  });
});

describe("characters XML cannot carry", () => {
  test.each([
    ["a NUL", "\u0000"],
    ["a bell", "\u0007"],
    ["U+FFFE", "\uFFFE"],
    ["U+FFFF", "\uFFFF"],
    ["a lone high surrogate", "\uD800"],
    ["a lone low surrogate", "\uDC00"],
  ])("%s in an XML document is refused with its position", (_what, char) => {
    const result = parseXml(`<Bundle ${FHIR}>\n<id value="a${char}"/></Bundle>`);
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe("xml-character");
    expect(result.issues[0]?.path).toBe("line 2, column 13");
  });

  test.each(["&#0;", "&#x1;", "&#xFFFE;", "&#xFFFF;", "&#xD800;"])("the character reference %s is refused", (ref) => {
    const result = parseXml(`<Bundle ${FHIR}><id value="a${ref}"/></Bundle>`);
    expect(result.ok).toBe(false);
  });

  test.each([
    ["a NUL", "\\u0000"],
    ["a control character", "\\u001b"],
    ["U+FFFE", "\\ufffe"],
    ["U+FFFF", "\\uffff"],
    ["a lone high surrogate", "\\ud800"],
    ["a lone low surrogate", "\\udfff"],
    ["a reversed surrogate pair", "\\udc00\\ud800"],
  ])("%s in a FHIR JSON string is refused with the path (json-character)", (_what, escaped) => {
    const body = `{"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"Patient","name":[{"family":"a${escaped}b"}]}}]}`;
    const result = readFhir(body, "json");
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe("json-character");
    expect(result.issues[0]?.path).toBe("Bundle.entry[0].resource.name[0].family");
  });

  test("a FHIR JSON key with a NUL is refused; a valid surrogate pair and tabs are accepted", () => {
    expect(readFhir('{"resourceType":"Bundle","a\\u0000":"x"}', "json").issues[0]?.code).toBe("json-character");
    const ok = readFhir(
      '{"resourceType":"Bundle","type":"message","id":"a","language":"\\ud83d\\ude00\\t\\n"}',
      "json",
    );
    expect(ok.ok).toBe(true);
  });

  test.each(["constructor", "prototype"])("a FHIR JSON key %s (no XML reader could take it) is refused", (key) => {
    expect(readFhir(`{"resourceType":"Bundle","${key}":"x"}`, "json").ok).toBe(false);
    expect(readFhir(`{"resourceType":"Bundle","meta":{"${key}":"x"}}`, "json").ok).toBe(false);
  });

  test("a hostile body yields a bounded number of problems", () => {
    const many = Array.from({ length: 10_000 }, () => '"\\u0000"').join(",");
    const result = readFhir(`{"resourceType":"Bundle","x":[${many}]}`, "json");
    expect(result.ok).toBe(false);
    expect(result.issues.length).toBeLessThanOrEqual(20);
  });

  test("a compose request with a lone surrogate is refused", () => {
    const result = parseComposeRequest({ kind: "new", text: "a\uD800b" });
    expect(result.issues.some((i) => i.code === "character" && i.path === "/text")).toBe(true);
  });
});

describe("element names echoed in problems", () => {
  test("a 100,000-character element name is shown short in the problem's path", () => {
    const name = `x${"y".repeat(100_000)}`;
    const body = `<Bundle ${FHIR}><${name}><Patient><contained/></Patient></${name}></Bundle>`;
    const result = readFhir(body, "xml");
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe("fhir-xml-structure");
    expect(result.issues[0]?.path.length).toBeLessThan(200);
    expect(result.issues[0]?.path).toContain("(100001 characters)");
  });
});
