// The strict single-pass XML reader (issue 13: speed, without giving up issue 11's hostile-input safety). What it
// reports for well-formed input, and where and why it stops on malformed and hostile input.
import { describe, expect, test } from "vitest";
import { readXml, type XmlEvents, type XmlReadErrorKind } from "../../../src/medcom/xml-reader.js";

/** Everything the reader reports, as one line per event. */
function events(text: string, maxDepth = 100): { seen: string[]; error?: { kind: XmlReadErrorKind; at: number } } {
  const seen: string[] = [];
  const handler: XmlEvents = {
    start: (name, attributes, depth) => seen.push(`start ${name} ${JSON.stringify(attributes)} ${depth}`),
    end: (name) => seen.push(`end ${name}`),
    text: (value, cdata) => seen.push(`${cdata ? "cdata" : "text"} ${JSON.stringify(value)}`),
    comment: (body) => seen.push(`comment ${JSON.stringify(body)}`),
    instruction: (target, body) => seen.push(`pi ${target} ${JSON.stringify(body)}`),
  };
  const error = readXml(text, handler, maxDepth);
  return error ? { seen, error: { kind: error.kind, at: error.at } } : { seen };
}

const kindOf = (text: string, maxDepth = 100) => events(text, maxDepth).error?.kind;

describe("well-formed XML is reported in document order", () => {
  test("elements, attributes, text, empty elements and depth", () => {
    expect(events(`<a x="1" y='2'>t<b/><c z="&lt;&#x41;&#66;&amp;&quot;&apos;&gt;">u</c></a>`).seen).toEqual([
      'start a ["x","1","y","2"] 1',
      'text "t"',
      "start b [] 2",
      "end b",
      'start c ["z","<AB&\\"\'>"] 2',
      'text "u"',
      "end c",
      "end a",
    ]);
  });

  test("white space in tags, around the root, declaration, comments and PIs", () => {
    expect(events(`<?xml version="1.0"?>\n<!-- c --><a\tx = "1"\n>t</a\n>  <?p q?>\n`).seen).toEqual([
      'pi xml " version=\\"1.0\\""',
      'comment " c "',
      'start a ["x","1"] 1',
      'text "t"',
      "end a",
      'pi p " q"',
    ]);
  });

  test("CDATA content is text as written: no references, markup kept", () => {
    expect(events(`<a><![CDATA[<b>&amp;&nbsp;]]></a>`).seen).toContain('cdata "<b>&amp;&nbsp;"');
  });

  test("names beyond ASCII, with digits, dots, dashes and colons", () => {
    expect(events(`<æø:a-1.b xml:lang="da"/>`).seen[0]).toBe('start æø:a-1.b ["xml:lang","da"] 1');
  });

  test("a character reference beyond the BMP", () => {
    expect(events(`<a>&#x1F600;</a>`).seen).toContain(`text "${"\u{1F600}"}"`);
  });

  test("toString and other Object.prototype names are ordinary names", () => {
    expect(events(`<toString valueOf="1"/>`).error).toBeUndefined();
  });
});

describe("malformed XML stops the reader with where and why", () => {
  test.each([
    ["an empty document", "", "not-well-formed", 0],
    ["only white space", "  ", "not-well-formed", 2],
    ["text before the root", "x<a/>", "not-well-formed", 0],
    ["text after the root", "<a/>x", "not-well-formed", 4],
    ["two roots", "<a/><b/>", "not-well-formed", 4],
    ["an unclosed element", "<a><b></b>", "not-well-formed", 10],
    ["a mismatched end tag", "<a><b></a></b>", "not-well-formed", 6],
    ["an end tag differing in case", "<a></A>", "not-well-formed", 3],
    ["an end tag without a name", "<a></>", "not-well-formed", 5],
    ["an unclosed start tag", "<a x='1'", "not-well-formed", 8],
    ["an unclosed end tag", "<a></a", "not-well-formed", 6],
    ["a stray '<' in text", "<a>1 < 2</a>", "not-well-formed", 6],
    ["a name starting with a digit", "<1a/>", "not-well-formed", 1],
    ["a slash with a space in an empty-element tag", "<a/ >", "not-well-formed", 2],
    ["an attribute without a value", "<a hidden/>", "not-well-formed", 9],
    ["an unquoted attribute value", "<a x=1/>", "not-well-formed", 5],
    ["an unclosed attribute value", '<a x="1/>', "not-well-formed", 5],
    ["attributes without a space between them", '<a x="1"y="2"/>', "not-well-formed", 8],
    ["a repeated attribute", '<a x="1" x="2"/>', "not-well-formed", 9],
    ["a '<' in an attribute value", '<a x="<"/>', "not-well-formed", 6],
    ["a bare '&'", "<a>&</a>", "not-well-formed", 3],
    ["an '&' without ';'", "<a>&amp</a>", "not-well-formed", 3],
    ["'&;'", "<a>&;</a>", "not-well-formed", 3],
    ["'&#;'", "<a>&#;</a>", "not-well-formed", 3],
    ["'&#x;'", "<a>&#x;</a>", "not-well-formed", 3],
    ["'&#X41;' (upper-case X)", "<a>&#X41;</a>", "not-well-formed", 3],
    ["'&#1a;'", "<a>&#1a;</a>", "not-well-formed", 3],
    ["an unclosed comment", "<a><!-- x </a>", "not-well-formed", 3],
    ["'--' inside a comment", "<a><!-- x -- y --></a>", "not-well-formed", 3],
    ["a comment ending in '--->'", "<a><!-- x ---></a>", "not-well-formed", 3],
    ["an unclosed CDATA section", "<a><![CDATA[ x </a>", "not-well-formed", 3],
    ["CDATA outside the root", "<![CDATA[x]]><a/>", "not-well-formed", 0],
    ["an unclosed processing instruction", "<a><?p x </a>", "not-well-formed", 3],
    ["a processing instruction without a target", "<a><? x ?></a>", "not-well-formed", 5],
    ["an XML declaration after the start", " <?xml version='1.0'?><a/>", "not-well-formed", 1],
    ["'<!' that is neither", "<a><!x></a>", "not-well-formed", 3],
  ])("%s", (_what, text, kind, at) => {
    expect(events(text).error).toEqual({ kind, at });
  });
});

describe("hostile XML", () => {
  test.each([
    ["a DOCTYPE", `<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, "doctype"],
    ["a lower-case doctype", `<!doctype a><a/>`, "doctype"],
    ["an entity declaration inside an element", `<a><!ENTITY x "y"></a>`, "entity-declaration"],
    ["an undefined entity", `<a>&nbsp;</a>`, "unknown-entity"],
    ["an undefined entity in an attribute", `<a x="&xxe;"/>`, "unknown-entity"],
    ["a reference to NUL", `<a>&#0;</a>`, "unknown-entity"],
    ["a reference to a control character", `<a>&#x1;</a>`, "unknown-entity"],
    ["a reference to a surrogate", `<a>&#xD800;</a>`, "unknown-entity"],
    ["a reference to U+FFFE", `<a>&#xFFFE;</a>`, "unknown-entity"],
    ["a reference beyond Unicode", `<a>&#x110000;</a>`, "unknown-entity"],
    ["a reference with a huge number", `<a>&#${"9".repeat(400)};</a>`, "unknown-entity"],
    ["a NUL", "<a>\u0000</a>", "character"],
    ["a lone surrogate", "<a>\uD800</a>", "character"],
    ["__proto__ as an element", "<a><__proto__/></a>", "reserved-name"],
    ["constructor as an attribute", '<a constructor="x"/>', "reserved-name"],
    ["prototype as an end tag", "<a></prototype>", "reserved-name"],
  ])("%s is refused", (_what, text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  test("nesting deeper than the limit is refused where it goes too deep; at the limit it is read", () => {
    expect(kindOf(`${"<a>".repeat(5)}${"</a>".repeat(5)}`, 5)).toBeUndefined();
    expect(events(`${"<a>".repeat(6)}${"</a>".repeat(6)}`, 5).error).toEqual({ kind: "too-deep", at: 15 });
    expect(kindOf(`${"<a>".repeat(100_000)}`)).toBe("too-deep");
  });

  test("nothing is reported as too deep before the document is read that far", () => {
    const { seen } = events(`${"<a>".repeat(10)}`, 5);
    expect(seen.length).toBe(5);
  });

  test("a hundred thousand attributes are read, and a repeat among them is found", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ` a${i}="${i}"`).join("");
    expect(kindOf(`<a${many}/>`)).toBeUndefined();
    expect(events(`<a${many} a99999="x"/>`).error?.kind).toBe("not-well-formed");
    expect(events(`<a${many} a0="x"/>`).error?.kind).toBe("not-well-formed");
  });

  test("a long name is cut in the message", () => {
    const error = readXml(`<a></${"b".repeat(100_000)}>`, { start() {}, end() {}, text() {} }, 100);
    expect(error?.message.length).toBeLessThan(200);
  });

  test("a megabyte of unclosed constructs stops at the first", () => {
    for (const unit of ["<!--", "<?x", "<![CDATA[", "<a", "</a", "&abc", '<a b="'])
      expect(kindOf(`<r>${unit.repeat(200_000)}`)).toBe("not-well-formed");
  });
});
