// Hostile HTTP input for the API (issue: security, hostile input). Made by the project; large bodies are generated so
// the repository stays small. Every case must get a clear 4xx (the given status where one is certain) and leave the
// gateway running with its memory bounded.
import { hostileXmlCases } from "../hostile-xml/cases.js";
import { apiHostileCases } from "./api.js";
import { coreHostileCases } from "./core.js";
import { sweepHostileCases } from "./sweep.js";
import { opsHostileCases } from "./ops.js";
import { hostileTextCases } from "./text.js";
import { followupHostileCases } from "./followup.js";

export interface HostileCase {
  name: string;
  method: "GET" | "POST";
  path: string;
  /** Which demo client calls: the sender's (PPR), the receiver's (GP), or nobody. */
  as?: "ppr" | "gp" | "none";
  contentType?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body as a stream without Content-Length (chunked). */
  chunked?: boolean;
  /** A raw HTTP/1.1 request for what fetch refuses to send (bad headers). `{key}` is replaced by the caller's key. */
  raw?: string;
  /** The status when it is certain; otherwise any 4xx. */
  status?: number;
}

const GP = "5790000209354";
const MESSAGES = "/v1/messages";
const ACKS = "/v1/acknowledgements";
const ACK_REQUEST = `/v1/mailboxes/${GP}/messages/00000000-0000-4000-8000-000000000001/acknowledgement`;
const XML = "application/fhir+xml";
const FHIR_JSON = "application/fhir+json";
const JSON_TYPE = "application/json";
const MB = 1024 * 1024;

const letter = {
  kind: "new",
  sender: "5790001348120",
  receiver: GP,
  patient: { cpr: "2509479989", family: "Elmer", given: ["Bruno"] },
  category: "psychiatry-social-disability",
  text: "Tekst",
  author: { given: "Maja", family: "Holm", role: "psykolog", phone: "+4512345678" },
};

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
const nested = (open: string, close: string, depth: number, inner = "") => open.repeat(depth) + inner + close.repeat(depth);
const with_ = (path: string[], value: unknown): object => {
  const copy = structuredClone(letter) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1] ?? ""] = value;
  return copy;
};

const xmlAttacks: HostileCase[] = [
  ...hostileXmlCases.map((c) => ({ name: `XML: ${c.name}`, body: c.body })),
  { name: "XML: 3 MB attribute", body: `<Bundle xmlns="http://hl7.org/fhir"><id value="${"a".repeat(3 * MB)}"/></Bundle>` },
  { name: "XML: 3 MB text node", body: `<Bundle xmlns="http://hl7.org/fhir"><x>${"b".repeat(3 * MB)}</x></Bundle>` },
  {
    name: "XML: 100,000 attributes",
    body: `<Bundle xmlns="http://hl7.org/fhir" ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(" ")}/>`,
  },
  { name: "XML: 1 MB element name", body: `<${"n".repeat(MB)} xmlns="http://hl7.org/fhir"/>` },
  { name: "XML: 1,000 namespace declarations", body: `<Bundle xmlns="http://hl7.org/fhir" ${Array.from({ length: 1000 }, (_, i) => `xmlns:p${i}="urn:x:${i}"`).join(" ")}/>` },
  { name: "XML: XInclude of a local file", body: `<Bundle xmlns="http://hl7.org/fhir" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd"/></Bundle>` },
  { name: "XML: stylesheet processing instruction", body: `<?xml-stylesheet href="http://example.invalid/x.xsl"?><Bundle xmlns="http://hl7.org/fhir"/>` },
  { name: "XML: CDATA closing games", body: `<Bundle xmlns="http://hl7.org/fhir"><![CDATA[ ]]> ]]></Bundle>` },
  { name: "XML: declared UTF-16, sent UTF-8", body: `<?xml version="1.0" encoding="UTF-16"?><Bundle xmlns="http://hl7.org/fhir"/>` },
  { name: "XML: UTF-16 with BOM", body: Buffer.from(`\uFEFF<Bundle xmlns="http://hl7.org/fhir"/>`, "utf16le") },
  { name: "XML: a resource that is not a Bundle", body: `<Patient xmlns="http://hl7.org/fhir"><id value="x"/></Patient>` },
  { name: "XML: script in a narrative", body: `<Bundle xmlns="http://hl7.org/fhir"><type value="message"/><text><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></text></Bundle>` },
].flatMap((c) => [
  { ...c, name: `${c.name} → messages`, method: "POST" as const, path: MESSAGES, contentType: XML },
  { ...c, name: `${c.name} → acknowledgements`, method: "POST" as const, path: ACKS, as: "gp" as const, contentType: XML },
]);

const INVALID_UTF8: [string, number[]][] = [
  ["0xFF byte", [0xff]],
  ["overlong slash", [0xc0, 0xaf]],
  ["UTF-16 surrogate", [0xed, 0xa0, 0x80]],
  ["truncated sequence", [0xe2, 0x82]],
  ["five-byte form", [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ["lone continuation byte", [0x80]],
];
const utf8Attacks: HostileCase[] = INVALID_UTF8.flatMap(([what, seq]) => [
  { name: `invalid UTF-8 (${what}) in XML`, method: "POST", path: MESSAGES, contentType: XML, body: bytes('<Bundle xmlns="http://hl7.org/fhir"><id value="', seq, '"/></Bundle>'), status: 400 },
  { name: `invalid UTF-8 (${what}) in FHIR JSON`, method: "POST", path: MESSAGES, contentType: FHIR_JSON, body: bytes('{"resourceType":"Bundle","id":"', seq, '"}'), status: 400 },
  { name: `invalid UTF-8 (${what}) in a compose request`, method: "POST", path: MESSAGES, contentType: JSON_TYPE, body: bytes('{"kind":"new","text":"', seq, '"}'), status: 400 },
]);

const jsonAttacks: HostileCase[] = [
  { name: "compose request nested 1,000 deep", body: nested('{"a":', "}", 1000, "1") },
  { name: "compose request nested 100,000 deep", body: nested("[", "]", 100_000) },
  { name: "FHIR JSON nested 1,000 deep", body: `{"resourceType":"Bundle","entry":${nested("[", "]", 1000)}}`, contentType: FHIR_JSON },
  { name: "FHIR JSON nested 100,000 deep", body: `{"resourceType":"Bundle","x":${nested('{"a":', "}", 100_000, "1")}}`, contentType: FHIR_JSON },
  { name: "acknowledge request nested 10,000 deep", body: `{"code":${nested("[", "]", 10_000)}}`, path: ACK_REQUEST, as: "gp" as const },
  { name: "compose request with __proto__", body: `{"__proto__":{"admin":true},${JSON.stringify(letter).slice(1)}` },
  { name: "compose request with __proto__ in patient", body: JSON.stringify(letter).replace('"patient":{', '"patient":{"__proto__":{"x":1},') },
  { name: "compose request with constructor.prototype", body: `{"constructor":{"prototype":{"polluted":true}},"kind":"new"}` },
  { name: "compose request with a prototype key", body: `{"prototype":{"x":1},"kind":"new"}` },
  { name: "FHIR JSON with __proto__", body: `{"resourceType":"Bundle","__proto__":{"type":"message"}}`, contentType: FHIR_JSON },
  { name: "acknowledge request with __proto__", body: `{"code":"ok","__proto__":{"issues":[]}}`, path: ACK_REQUEST, as: "gp" as const },
  { name: "JSON: a bare string", body: `"hello"` },
  { name: "JSON: null", body: "null" },
  { name: "JSON: duplicate-key smuggling", body: `{"kind":"new","kind":"reply"}` },
  { name: "JSON: trailing garbage", body: `${JSON.stringify(letter)} trailing` },
  { name: "JSON: NaN literal", body: `{"kind":NaN}` },
].map((c) => ({ method: "POST" as const, path: MESSAGES, contentType: JSON_TYPE, ...c }));

const wrongTypes: [string, string[], unknown][] = [
  ["sender as a number", ["sender"], 5790001348120],
  ["receiver as a number", ["receiver"], 5790000209354],
  ["kind as a number", ["kind"], 1],
  ["text as a number", ["text"], 123],
  ["text as an object", ["text"], { html: "<b>" }],
  ["category as a number", ["category"], 7],
  ["topic as a list", ["topic"], ["a"]],
  ["CPR as a number", ["patient", "cpr"], 2509479989],
  ["family name as a number", ["patient", "family"], 1],
  ["given names as numbers", ["patient", "given"], [1, 2]],
  ["patient as a list", ["patient"], []],
  ["author as a string", ["author"], "Maja"],
  ["phone as a number", ["author", "phone"], 4512345678],
  ["attachments as a string", ["attachments"], "x"],
  ["attachments of numbers", ["attachments"], [1]],
  ["attachment data as a number", ["attachments"], [{ title: "x", contentType: "application/pdf", data: 1 }]],
  ["priority as a boolean", ["priority"], true],
  ["inReplyTo as a number", ["inReplyTo"], 42],
  ["an enormous list of given names", ["patient", "given"], Array.from({ length: 100_000 }, () => "Bo")],
  ["50,000 empty attachments", ["attachments"], Array.from({ length: 50_000 }, () => ({}))],
];
const typeAttacks: HostileCase[] = [
  ...wrongTypes.map(([what, path, value]) => ({
    name: `compose: ${what}`,
    method: "POST" as const,
    path: MESSAGES,
    contentType: JSON_TYPE,
    body: JSON.stringify(with_(path, value)),
    status: 422,
  })),
  { name: "FHIR JSON: resourceType as a number", method: "POST", path: MESSAGES, contentType: FHIR_JSON, body: `{"resourceType":1}`, status: 400 },
  { name: "FHIR JSON: entry as a string", method: "POST", path: MESSAGES, contentType: FHIR_JSON, body: `{"resourceType":"Bundle","type":"message","entry":"x"}` },
  { name: "FHIR JSON: 100,000 empty entries", method: "POST", path: MESSAGES, contentType: FHIR_JSON, body: `{"resourceType":"Bundle","type":"message","entry":[${Array(100_000).fill("{}").join(",")}]}` },
  { name: "acknowledge: code as a number", method: "POST", path: ACK_REQUEST, as: "gp", contentType: JSON_TYPE, body: `{"code":1}`, status: 422 },
  { name: "acknowledge: issues as a string", method: "POST", path: ACK_REQUEST, as: "gp", contentType: JSON_TYPE, body: `{"code":"fatal-error","issues":"x"}`, status: 422 },
  { name: "acknowledge: 100,000 issues", method: "POST", path: ACK_REQUEST, as: "gp", contentType: JSON_TYPE, body: JSON.stringify({ code: "fatal-error", issues: Array.from({ length: 100_000 }, () => ({ code: "x", message: "y" })) }), status: 413 },
  { name: "acknowledge: message as a number", method: "POST", path: ACK_REQUEST, as: "gp", contentType: JSON_TYPE, body: `{"code":"fatal-error","issues":[{"code":"x","message":5}]}`, status: 422 },
];

const mediaTypes: HostileCase[] = [
  { name: "no Content-Type", body: JSON.stringify(letter), status: 415 },
  { name: "text/plain", contentType: "text/plain", body: JSON.stringify(letter), status: 415 },
  { name: "multipart/form-data", contentType: "multipart/form-data; boundary=x", body: "--x\r\n\r\n--x--", status: 415 },
  { name: "form-urlencoded", contentType: "application/x-www-form-urlencoded", body: "kind=new", status: 415 },
  { name: "octet-stream", contentType: "application/octet-stream", body: "\u0000\u0001", status: 415 },
  { name: "FHIR XML type with a JSON body", contentType: XML, body: JSON.stringify(letter), status: 400 },
  { name: "JSON type with an XML body", contentType: JSON_TYPE, body: "<Bundle/>", status: 400 },
  { name: "FHIR JSON type with an XML body", contentType: FHIR_JSON, body: "<Bundle/>", status: 400 },
  { name: "a list of media types", contentType: "application/json, application/xml", body: "{}", status: 415 },
  { name: "acknowledge request as FHIR XML", path: ACK_REQUEST, as: "gp" as const, contentType: XML, body: "<Bundle/>", status: 415 },
  { name: "ready acknowledgement as plain JSON", path: ACKS, as: "gp" as const, contentType: JSON_TYPE, body: "{}", status: 415 },
  { name: "empty compose body", contentType: JSON_TYPE, body: "", status: 400 },
].map((c) => ({ method: "POST" as const, path: MESSAGES, ...c, name: `media type: ${c.name}` }));

const oversized: HostileCase[] = [
  { name: "5 MB with Content-Length", method: "POST", path: MESSAGES, contentType: XML, body: Buffer.alloc(5 * MB, 0x20), status: 413 },
  { name: "5 MB chunked, no Content-Length", method: "POST", path: MESSAGES, contentType: XML, body: Buffer.alloc(5 * MB, 0x20), chunked: true, status: 413 },
  { name: "5 MB acknowledgement", method: "POST", path: ACKS, as: "gp", contentType: XML, body: Buffer.alloc(5 * MB, 0x20), status: 413 },
  { name: "100 KB acknowledge request", method: "POST", path: ACK_REQUEST, as: "gp", contentType: JSON_TYPE, body: `{"code":"ok","x":"${"y".repeat(100 * 1024)}"}`, status: 413 },
].map((c) => ({ ...c, name: `over the limit: ${c.name}` }) as HostileCase);

const rawRequest = (headers: string, body = "") =>
  `POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
const headerAttacks: HostileCase[] = [
  { name: "CRLF injected into Idempotency-Key", raw: rawRequest("Authorization: Bearer {key}\r\nIdempotency-Key: a\r\nX-Injected: 1\r\n\r\n", "{}") },
  { name: "bare LF inside a header value", raw: rawRequest("Authorization: Bearer {key}\r\nIdempotency-Key: a\nX-Injected: 1\r\n", "{}") },
  { name: "NUL in a header value", raw: rawRequest("Authorization: Bearer {key}\r\nIdempotency-Key: a\u0000b\r\n", "{}") },
  { name: "non-ASCII API key", raw: rawRequest("Authorization: Bearer ključ\r\n", "{}"), status: 401 },
  { name: "10 KB API key", raw: rawRequest(`Authorization: Bearer ${"k".repeat(10_000)}\r\n`, "{}"), status: 401 },
  { name: "80 KB of headers", raw: rawRequest(`Authorization: Bearer {key}\r\nX-Padding: ${"p".repeat(80_000)}\r\n`, "{}"), status: 431 },
  { name: "two Content-Length headers", raw: `POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 20\r\nConnection: close\r\n\r\n{}`, status: 400 },
  { name: "Authorization with another scheme", raw: rawRequest("Authorization: Basic dXNlcjpwYXNz\r\n", "{}"), status: 401 },
  { name: "Idempotency-Key of 500 characters", raw: rawRequest(`Authorization: Bearer {key}\r\nIdempotency-Key: ${"i".repeat(500)}\r\n`, JSON.stringify(letter)), status: 400 },
  { name: "Idempotency-Key with spaces", raw: rawRequest("Authorization: Bearer {key}\r\nIdempotency-Key: a b c\r\n", JSON.stringify(letter)), status: 400 },
].map((c) => ({ method: "POST" as const, path: MESSAGES, ...c, name: `header: ${c.name}` }));

// Malformed path parameters are malformed requests (400, issue 11 point 1), no longer "not found" (404).
const PATHS: [string, number?][] = [
  ["/v1/messages/..%2F..%2Fetc%2Fpasswd", 400],
  ["/v1/messages/%2e%2e", 404],
  ["/v1/messages/*", 400],
  ["/v1/messages/%7Bmg%7D:msg:x", 400],
  [`/v1/messages/${"x".repeat(300)}`, 400],
  ["/v1/messages/%00", 400],
  ["/v1/messages/..%2F..%2Fetc%2Fpasswd/content", 400],
  ["/v1/mailboxes/..%2F..%2Fetc/messages", 400],
  [`/v1/mailboxes/${GP}%00/messages`, 400],
  ["/v1/mailboxes/*/messages", 400],
  [`/v1/mailboxes/${GP}/messages/..%2F..%2Fx`, 400],
  ["/v1/threads/..%2F..%2F", 400],
  ["/v1/threads/*", 400],
  [`/v1/mailboxes/${GP}/messages?limit=-1`, 400],
  [`/v1/mailboxes/${GP}/messages?limit=1e9`, 400],
  [`/v1/mailboxes/${GP}/messages?cursor=..%2F..%2F`, 400],
  [`/v1/mailboxes/${GP}/messages?cursor=1.a%0D%0AX-Injected:%201`, 400],
  [`/v1/mailboxes/${GP}/messages?status=%3Cscript%3E`, 400],
  [`/v1/locations?q=${"q".repeat(10_000)}`, 400],
  ["/v1/locations?kind=..%2F", 400],
  ["/v1/admin/stats/replies?from=../../", 403],
  ["/v1/../../etc/passwd", 404],
];
const pathAttacks: HostileCase[] = PATHS.map(([path, status]) => ({
  name: `path: ${path.slice(0, 80)}`,
  method: "GET",
  path,
  as: "gp",
  ...(status ? { status } : {}),
}));

export const hostileCases: HostileCase[] = [
  ...coreHostileCases(),
  ...xmlAttacks,
  ...utf8Attacks,
  ...jsonAttacks,
  ...typeAttacks,
  ...mediaTypes,
  ...oversized,
  ...headerAttacks,
  ...pathAttacks,
  ...apiHostileCases,
  ...sweepHostileCases,
  ...opsHostileCases,
  ...hostileTextCases,
  ...followupHostileCases(),
];
