// Every facet of VANSEnvelope 1.0.4 (LEGACY.md §5.1) refused with its code and path: one mutation of a valid document
// each (the root, SenderID/ReceiverID, identifiers, the Message|Receipt choice; the rest in mutations-meta.test.ts). There is no official VANSEnvelope XSD in ../shared to cross-check with xmllint
// (LEGACY.md §0), so unlike the OIOXML mutation tests these are checked against our reader only.
import { describe, expect, test } from "vitest";
import { readVansEnvelope } from "../../../src/medcom/vans/index.js";
import {
  ENVELOPE_ID,
  MESSAGE_ID,
  SENDER,
  type VansMutation,
  messageEnvelope,
  replace,
} from "../../support/vans-documents.js";

const M = "/VANSEnvelope/Message/MetaInformation";
const D = `${M}/Document`;
const T = `${M}/Transport`;
const sender = `<SenderID EndPointType="EAN">${SENDER}</SenderID>`;

const mutations: VansMutation[] = [
  // The root and its namespace.
  {
    name: "another root",
    doc: messageEnvelope.replaceAll("VANSEnvelope>", "Envelope>"),
    from: "<VANSEnvelope xmlns",
    to: "<Envelope xmlns",
    code: "vans-root",
    path: "/Envelope",
  },
  {
    name: "another version's namespace",
    from: "vans-envelope:1.0.4",
    to: "vans-envelope:1.0.3",
    code: "vans-namespace",
    path: "/VANSEnvelope",
  },
  {
    name: "a DOCTYPE",
    from: '<?xml version="1.0" encoding="UTF-8"?>',
    to: "<!DOCTYPE VANSEnvelope>",
    code: "xml-doctype-forbidden",
    path: "line 1, column 1",
  },
  {
    name: "an undeclared prefix",
    from: "<Format>HL7</Format>",
    to: "<x:Format>HL7</x:Format>",
    code: "vans-namespace",
    path: `${D}/Format`,
  },
  // SenderID / ReceiverID: token 1..18 and @EndPointType EAN|CVR|VANS (required).
  {
    name: "SenderID longer than 18",
    from: sender,
    to: `<SenderID EndPointType="EAN">${"1".repeat(19)}</SenderID>`,
    code: "vans-length",
    path: "/VANSEnvelope/SenderID",
  },
  {
    name: "SenderID empty",
    from: sender,
    to: '<SenderID EndPointType="EAN"> </SenderID>',
    code: "vans-length",
    path: "/VANSEnvelope/SenderID",
  },
  {
    name: "EndPointType not in the list",
    from: sender,
    to: `<SenderID EndPointType="GLN">${SENDER}</SenderID>`,
    code: "vans-enumeration",
    path: "/VANSEnvelope/SenderID/@EndPointType",
  },
  {
    name: "EndPointType missing",
    from: sender,
    to: `<SenderID>${SENDER}</SenderID>`,
    code: "vans-missing",
    path: "/VANSEnvelope/SenderID/@EndPointType",
  },
  {
    name: "an undeclared attribute",
    from: sender,
    to: `<SenderID EndPointType="EAN" kind="x">${SENDER}</SenderID>`,
    code: "vans-unexpected",
    path: "/VANSEnvelope/SenderID/@kind",
  },
  {
    name: "ReceiverID missing",
    from: /<ReceiverID[^]*?<\/ReceiverID>/.exec(messageEnvelope)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: "/VANSEnvelope/ReceiverID",
  },
  // EnvelopeIdentifier, SentDateTime.
  {
    name: "EnvelopeIdentifier not a UUID",
    from: `<EnvelopeIdentifier>${ENVELOPE_ID}`,
    to: "<EnvelopeIdentifier>2f1c6a0e8b7d4c3e9a510d6f3b2e4a17",
    code: "vans-pattern",
    path: "/VANSEnvelope/EnvelopeIdentifier",
  },
  {
    name: "EnvelopeIdentifier with G (the XSD pattern's A-f slip)",
    from: `<EnvelopeIdentifier>${ENVELOPE_ID}`,
    to: `<EnvelopeIdentifier>G${ENVELOPE_ID.slice(1)}`,
    code: "vans-pattern",
    path: "/VANSEnvelope/EnvelopeIdentifier",
  },
  {
    name: "SentDateTime without time",
    from: "2020-08-26T17:12:13",
    to: "2020-08-26",
    code: "vans-pattern",
    path: "/VANSEnvelope/SentDateTime",
  },
  {
    name: "SentDateTime hour 24",
    from: "2020-08-26T17:12:13",
    to: "2020-08-26T24:12:13",
    code: "vans-pattern",
    path: "/VANSEnvelope/SentDateTime",
  },
  {
    name: "SentDateTime bad zone",
    from: "2020-08-26T17:12:13",
    to: "2020-08-26T17:12:13+1",
    code: "vans-pattern",
    path: "/VANSEnvelope/SentDateTime",
  },
  {
    name: "SentDateTime empty fraction",
    from: "2020-08-26T17:12:13",
    to: "2020-08-26T17:12:13.Z",
    code: "vans-pattern",
    path: "/VANSEnvelope/SentDateTime",
  },
  {
    name: "SentDateTime text after Z",
    from: "2020-08-26T17:12:13",
    to: "2020-08-26T17:12:13Zx",
    code: "vans-pattern",
    path: "/VANSEnvelope/SentDateTime",
  },
  {
    name: "elements out of order",
    from: `<EnvelopeIdentifier>${ENVELOPE_ID}</EnvelopeIdentifier>\n  <SentDateTime>2020-08-26T17:12:13</SentDateTime>`,
    to: `<SentDateTime>2020-08-26T17:12:13</SentDateTime><EnvelopeIdentifier>${ENVELOPE_ID}</EnvelopeIdentifier>`,
    code: "vans-order",
    path: "/VANSEnvelope/EnvelopeIdentifier",
  },
  // The choice Message | Receipt.
  {
    name: "neither Message nor Receipt",
    from: /<Message>[^]*<\/Message>/.exec(messageEnvelope)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: "/VANSEnvelope/Message|Receipt",
  },
  {
    name: "Message and Receipt",
    from: "</Message>",
    to: `</Message><Receipt><PositiveMessage/></Receipt>`,
    code: "vans-unexpected",
    path: "/VANSEnvelope/Receipt",
  },
  {
    name: "Data missing",
    from: /<Data>[^]*<\/Data>/.exec(messageEnvelope)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: "/VANSEnvelope/Message/Data",
  },
  { name: "Data not base64", from: "<Data>", to: "<Data>*", code: "vans-base64", path: "/VANSEnvelope/Message/Data" },
  {
    name: "Data with three padding characters",
    from: "</Data>",
    to: "===</Data>",
    code: "vans-base64",
    path: "/VANSEnvelope/Message/Data",
  },
  {
    name: "Data not a multiple of 4",
    from: "<Data>",
    to: "<Data>A",
    code: "vans-base64",
    path: "/VANSEnvelope/Message/Data",
  },
  {
    name: "Data with text after padding",
    from: "</Data>",
    to: "=A</Data>",
    code: "vans-base64",
    path: "/VANSEnvelope/Message/Data",
  },
  {
    name: "text in Message",
    from: "<Message>",
    to: "<Message>x",
    code: "vans-unexpected",
    path: "/VANSEnvelope/Message",
  },
];

describe("VANSEnvelope facets: head and choice", () => {
  test.each(mutations)("$name → $code at $path", (m) => {
    const result = readVansEnvelope(replace(m.doc ?? messageEnvelope, m.from, m.to));
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ severity: "error", code: m.code, path: m.path }));
  });
});

describe("the reader over a whole document", () => {
  test("all problems of a document are reported, not the first only", () => {
    const doc = replace(replace(messageEnvelope, "<Format>HL7", "<Format>FHIR"), "<Type>reliable", "<Type>maybe");
    const result = readVansEnvelope(doc);
    expect(result.issues.map((i) => i.path)).toEqual([`${D}/Format`, `${T}/Type`]);
  });

  test("no value is echoed from a refused identifier", () => {
    const result = readVansEnvelope(replace(messageEnvelope, `<Identifier>${MESSAGE_ID}`, "<Identifier>0101901234"));
    expect(JSON.stringify(result.issues)).not.toContain("0101901234");
  });
});
