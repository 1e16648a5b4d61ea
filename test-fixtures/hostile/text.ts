// Hostile text for the API (issue 11, points 4 and 11): bodies shaped to make a scanner super-linear, XML names that
// reach into JavaScript prototypes, and characters XML cannot carry sent as FHIR JSON. Each must get a clear 4xx,
// quickly. Generated, so the repository stays small.
import type { HostileCase } from "./cases.js";

const MESSAGES = "/v1/messages";
const ACKS = "/v1/acknowledgements";
const XML = "application/fhir+xml";
const FHIR_JSON = "application/fhir+json";
const JSON_TYPE = "application/json";
const FHIR = 'xmlns="http://hl7.org/fhir"';
const KB = 1024;

/** Shapes that made the former depth pre-scan cubic or quadratic (a 4 KB body held /healthz for 10 s). */
const superLinearXml: [string, string][] = [
  ["400 KB of unclosed tags", "<a".repeat(200 * KB)],
  ["400 KB of '<' inside an attribute value", `<Bundle ${FHIR} b='${"<a".repeat(200 * KB)}`],
  ["400 KB of unclosed tags with quotes", `<Bundle ${FHIR}>${'<b "'.repeat(100 * KB)}`],
  ["400 KB of unclosed comment openers", `<Bundle ${FHIR}>${"<!--".repeat(100 * KB)}`],
  ["400 KB of unclosed processing instructions", `<Bundle ${FHIR}>${"<?x".repeat(130 * KB)}`],
  ["400 KB of unclosed end tags", `<Bundle ${FHIR}>${"</b".repeat(130 * KB)}`],
  ["100,000-deep nesting of non-ASCII names", `<Bundle ${FHIR}>${"<æ>".repeat(100_000)}`],
];

const reservedNames: [string, string][] = ["__proto__", "constructor", "prototype"].flatMap((name) => [
  [`element <${name}>`, `<Bundle ${FHIR}><${name} value="x"/></Bundle>`],
  [`attribute ${name}`, `<Bundle ${FHIR}><id ${name}="x" value="a"/></Bundle>`],
  [
    `<${name}> in a narrative`,
    `<Bundle ${FHIR}><type value="message"/><text><div xmlns="http://www.w3.org/1999/xhtml"><${name}>x</${name}></div></text></Bundle>`,
  ],
]);

const xmlCharacters: [string, string][] = [
  ["a NUL in an XML attribute", `<Bundle ${FHIR}><id value="a\u0000"/></Bundle>`],
  ["an escape character in XML text", `<Bundle ${FHIR}><x>\u001b[2J</x></Bundle>`],
  ["a character reference to NUL", `<Bundle ${FHIR}><id value="a&#0;"/></Bundle>`],
  ["a character reference to U+FFFE", `<Bundle ${FHIR}><id value="a&#xFFFE;"/></Bundle>`],
];

const jsonCharacters: [string, string][] = [
  ["\\u0000", "\\u0000"],
  ["an escape character", "\\u001b"],
  ["a lone high surrogate", "\\ud800"],
  ["a lone low surrogate", "\\udc00"],
  ["U+FFFE", "\\ufffe"],
  ["U+FFFF", "\\uffff"],
];

const bundleWith = (escaped: string) =>
  `{"resourceType":"Bundle","id":"a","type":"message","entry":[{"resource":{"resourceType":"Patient","name":[{"family":"x${escaped}"}]}}]}`;

export const hostileTextCases: HostileCase[] = [
  ...superLinearXml.map(([what, body]) => ({ name: `super-linear scan: ${what}`, body })),
  ...reservedNames.map(([what, body]) => ({ name: `XML name: ${what}`, body, status: 400 })),
  ...xmlCharacters.map(([what, body]) => ({ name: `XML character: ${what}`, body, status: 400 })),
].flatMap((c) => [
  { ...c, name: `${c.name} → messages`, method: "POST" as const, path: MESSAGES, contentType: XML },
  { ...c, name: `${c.name} → acknowledgements`, method: "POST" as const, path: ACKS, as: "gp" as const, contentType: XML },
]).concat([
  ...jsonCharacters.map(([what, escaped]) => ({
    name: `FHIR JSON character: ${what} in a string`,
    method: "POST" as const,
    path: MESSAGES,
    contentType: FHIR_JSON,
    body: bundleWith(escaped),
    status: 400,
  })),
  {
    name: "FHIR JSON character: a NUL in a key",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_JSON,
    body: `{"resourceType":"Bundle","id":"a","type":"message","x\\u0000":"y"}`,
    status: 400,
  },
  {
    name: "compose character: a lone surrogate in the text",
    method: "POST",
    path: MESSAGES,
    contentType: JSON_TYPE,
    body: `{"kind":"new","sender":"5790001348120","receiver":"5790000209354","text":"a\\ud800"}`,
    status: 422,
  },
]);
