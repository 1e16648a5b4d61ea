// Hostile XML the gateway must refuse quickly and cleanly. Made by the project (no third-party payloads); the large
// ones are generated so the repository stays small.

export interface HostileXmlCase {
  name: string;
  body: string | Uint8Array;
  /** The issue code the reader must answer with. */
  code: string;
}

const bundleOpen = '<?xml version="1.0" encoding="UTF-8"?>';

export const hostileXmlCases: HostileXmlCase[] = [
  {
    name: "XXE: external entity reading a local file",
    body: `${bundleOpen}<!DOCTYPE Bundle [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Bundle xmlns="http://hl7.org/fhir"><id value="&xxe;"/></Bundle>`,
    code: "xml-doctype-forbidden",
  },
  {
    name: "billion laughs",
    body: `${bundleOpen}<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Bundle xmlns="http://hl7.org/fhir"><id value="&lol3;"/></Bundle>`,
    code: "xml-doctype-forbidden",
  },
  {
    name: "parameter entity / external DTD",
    body: `${bundleOpen}<!DOCTYPE Bundle SYSTEM "http://example.invalid/evil.dtd"><Bundle xmlns="http://hl7.org/fhir"/>`,
    code: "xml-doctype-forbidden",
  },
  {
    name: "entity declaration without a DOCTYPE keyword in front",
    body: `<Bundle xmlns="http://hl7.org/fhir"><!ENTITY x "y"></Bundle>`,
    code: "xml-entity-forbidden",
  },
  {
    name: "undefined entity reference",
    body: `<Bundle xmlns="http://hl7.org/fhir"><id value="&nbsp;"/></Bundle>`,
    code: "xml-unknown-entity",
  },
  {
    name: "10,000-deep nesting",
    body: `<Bundle xmlns="http://hl7.org/fhir">${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}</Bundle>`,
    code: "xml-too-deep",
  },
  {
    name: "invalid UTF-8 bytes",
    body: new Uint8Array([
      ...new TextEncoder().encode('<Bundle xmlns="http://hl7.org/fhir"><id value="'),
      0xc3,
      0x28,
      ...new TextEncoder().encode('"/></Bundle>'),
    ]),
    code: "xml-invalid-utf8",
  },
  {
    name: "truncated document",
    body: `${bundleOpen}<Bundle xmlns="http://hl7.org/fhir"><id value="abc"/><entry><resource><Patient>`,
    code: "xml-not-well-formed",
  },
  {
    name: "mismatched closing tag",
    body: `<Bundle xmlns="http://hl7.org/fhir"><id value="x"></Bundle>`,
    code: "xml-not-well-formed",
  },
  {
    name: "unquoted attribute",
    body: `<Bundle xmlns="http://hl7.org/fhir"><id value=x/></Bundle>`,
    code: "xml-not-well-formed",
  },
  {
    name: "two root elements",
    body: `<Bundle xmlns="http://hl7.org/fhir"/><Bundle xmlns="http://hl7.org/fhir"/>`,
    code: "xml-not-well-formed",
  },
  {
    name: "not XML at all",
    body: "this is not xml",
    code: "xml-not-well-formed",
  },
  {
    name: "empty body",
    body: "",
    code: "xml-not-well-formed",
  },
  {
    name: "huge attribute value on a wrong namespace root",
    body: `<Bundle xmlns="urn:not-fhir"><id value="${"A".repeat(2_000_000)}"/></Bundle>`,
    code: "fhir-xml-structure",
  },
];
