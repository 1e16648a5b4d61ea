// Every facet of VANSEnvelope 1.0.4 (LEGACY.md §5.1) refused with its code and path: one mutation of a valid document
// each. There is no official VANSEnvelope XSD in ../shared to cross-check with xmllint (LEGACY.md §0), so unlike the
// OIOXML mutation tests these are checked against our reader only.
import { describe, expect, test } from "vitest";
import { readVansEnvelope } from "../../../src/medcom/vans/index.js";
import {
  ENVELOPE_ID,
  MESSAGE_ID,
  SENDER,
  messageEnvelope,
  negativeReceipt,
  negativeVans,
  positiveReceipt,
  replace,
} from "../../support/vans-documents.js";

interface Mutation {
  name: string;
  doc?: string;
  from: string;
  to: string;
  code: string;
  path: string;
}

const M = "/VANSEnvelope/Message/MetaInformation";
const D = `${M}/Document`;
const T = `${M}/Transport`;
const sender = `<SenderID EndPointType="EAN">${SENDER}</SenderID>`;

const mutations: Mutation[] = [
  // The root and its namespace.
  { name: "another root", doc: messageEnvelope.replaceAll("VANSEnvelope>", "Envelope>"), from: "<VANSEnvelope xmlns", to: "<Envelope xmlns", code: "vans-root", path: "/Envelope" },
  { name: "another version's namespace", from: "vans-envelope:1.0.4", to: "vans-envelope:1.0.3", code: "vans-namespace", path: "/VANSEnvelope" },
  { name: "a DOCTYPE", from: '<?xml version="1.0" encoding="UTF-8"?>', to: "<!DOCTYPE VANSEnvelope>", code: "xml-doctype-forbidden", path: "line 1, column 1" },
  { name: "an undeclared prefix", from: "<Format>HL7</Format>", to: "<x:Format>HL7</x:Format>", code: "vans-namespace", path: "PATH" },
  // SenderID / ReceiverID: token 1..18 and @EndPointType EAN|CVR|VANS (required).
  { name: "SenderID longer than 18", from: sender, to: `<SenderID EndPointType="EAN">${"1".repeat(19)}</SenderID>`, code: "vans-length", path: "/VANSEnvelope/SenderID" },
  { name: "SenderID empty", from: sender, to: '<SenderID EndPointType="EAN"> </SenderID>', code: "vans-length", path: "/VANSEnvelope/SenderID" },
  { name: "EndPointType not in the list", from: sender, to: `<SenderID EndPointType="GLN">${SENDER}</SenderID>`, code: "vans-enumeration", path: "/VANSEnvelope/SenderID/@EndPointType" },
  { name: "EndPointType missing", from: sender, to: `<SenderID>${SENDER}</SenderID>`, code: "vans-missing", path: "/VANSEnvelope/SenderID/@EndPointType" },
  { name: "an undeclared attribute", from: sender, to: `<SenderID EndPointType="EAN" kind="x">${SENDER}</SenderID>`, code: "vans-unexpected", path: "/VANSEnvelope/SenderID/@kind" },
  { name: "ReceiverID missing", from: /<ReceiverID[^]*?<\/ReceiverID>/.exec(messageEnvelope)?.[0] ?? "", to: "", code: "vans-missing", path: "/VANSEnvelope/ReceiverID" },
  // EnvelopeIdentifier, SentDateTime.
  { name: "EnvelopeIdentifier not a UUID", from: `<EnvelopeIdentifier>${ENVELOPE_ID}`, to: "<EnvelopeIdentifier>2f1c6a0e8b7d4c3e9a510d6f3b2e4a17", code: "vans-pattern", path: "/VANSEnvelope/EnvelopeIdentifier" },
  { name: "EnvelopeIdentifier with G (the XSD pattern's A-f slip)", from: `<EnvelopeIdentifier>${ENVELOPE_ID}`, to: `<EnvelopeIdentifier>G${ENVELOPE_ID.slice(1)}`, code: "vans-pattern", path: "/VANSEnvelope/EnvelopeIdentifier" },
  { name: "SentDateTime without time", from: "2020-08-26T17:12:13", to: "2020-08-26", code: "vans-pattern", path: "/VANSEnvelope/SentDateTime" },
  { name: "SentDateTime hour 24", from: "2020-08-26T17:12:13", to: "2020-08-26T24:12:13", code: "vans-pattern", path: "/VANSEnvelope/SentDateTime" },
  { name: "SentDateTime bad zone", from: "2020-08-26T17:12:13", to: "2020-08-26T17:12:13+1", code: "vans-pattern", path: "/VANSEnvelope/SentDateTime" },
  { name: "SentDateTime empty fraction", from: "2020-08-26T17:12:13", to: "2020-08-26T17:12:13.Z", code: "vans-pattern", path: "/VANSEnvelope/SentDateTime" },
  { name: "SentDateTime text after Z", from: "2020-08-26T17:12:13", to: "2020-08-26T17:12:13Zx", code: "vans-pattern", path: "/VANSEnvelope/SentDateTime" },
  { name: "elements out of order", from: `<EnvelopeIdentifier>${ENVELOPE_ID}</EnvelopeIdentifier>\n  <SentDateTime>2020-08-26T17:12:13</SentDateTime>`, to: `<SentDateTime>2020-08-26T17:12:13</SentDateTime><EnvelopeIdentifier>${ENVELOPE_ID}</EnvelopeIdentifier>`, code: "vans-order", path: "/VANSEnvelope/EnvelopeIdentifier" },
  // The choice Message | Receipt.
  { name: "neither Message nor Receipt", from: /<Message>[^]*<\/Message>/.exec(messageEnvelope)?.[0] ?? "", to: "", code: "vans-missing", path: "/VANSEnvelope/Message|Receipt" },
  { name: "Message and Receipt", from: "</Message>", to: `</Message><Receipt><PositiveMessage/></Receipt>`, code: "vans-unexpected", path: "/VANSEnvelope/Receipt" },
  { name: "Data missing", from: /<Data>[^]*<\/Data>/.exec(messageEnvelope)?.[0] ?? "", to: "", code: "vans-missing", path: "/VANSEnvelope/Message/Data" },
  { name: "Data not base64", from: "<Data>", to: "<Data>*", code: "vans-base64", path: "/VANSEnvelope/Message/Data" },
  { name: "Data with three padding characters", from: "</Data>", to: "===</Data>", code: "vans-base64", path: "/VANSEnvelope/Message/Data" },
  { name: "Data not a multiple of 4", from: "<Data>", to: "<Data>A", code: "vans-base64", path: "/VANSEnvelope/Message/Data" },
  { name: "Data with text after padding", from: "</Data>", to: "=A</Data>", code: "vans-base64", path: "/VANSEnvelope/Message/Data" },
  { name: "text in Message", from: "<Message>", to: "<Message>x", code: "vans-unexpected", path: "/VANSEnvelope/Message" },
  // MetaInformation.
  { name: "MessageIdentifier not a UUID", from: `<Identifier>${MESSAGE_ID}`, to: "<Identifier>abc", code: "vans-pattern", path: `${M}/Identifier` },
  { name: "ProviderIdentifier longer than 255", from: "<ProviderIdentifier>provider", to: `<ProviderIdentifier>${"p".repeat(256)}`, code: "vans-length", path: `${M}/Processing/ProviderIdentifier` },
  { name: "ServiceIdentifier missing", from: "<ServiceIdentifier>service</ServiceIdentifier>", to: "", code: "vans-missing", path: `${M}/Processing/ServiceIdentifier` },
  { name: "Document missing", from: /<Document>[^]*<\/Document>/.exec(messageEnvelope)?.[0] ?? "", to: "", code: "vans-missing", path: `${M}/Document` },
  { name: "Format not in the list", from: "<Format>HL7", to: "<Format>FHIR", code: "vans-enumeration", path: `${D}/Format` },
  { name: "Name empty", from: "<Name>MCM:FDIS91#examination-results</Name>", to: "<Name></Name>", code: "vans-length", path: `${D}/Name` },
  { name: "Version longer than 255", from: "<Version>5.0", to: `<Version>${"5".repeat(256)}`, code: "vans-length", path: `${D}/Version` },
  { name: "SizeInBytes not a number", from: "<SizeInBytes>", to: "<SizeInBytes>x", code: "vans-pattern", path: `${D}/SizeInBytes` },
  { name: "SizeInBytes beyond xs:int", from: "<SizeInBytes>", to: "<SizeInBytes>9999999999", code: "vans-range", path: `${D}/SizeInBytes` },
  { name: "SizeInBytes of 13 digits", from: "<SizeInBytes>", to: "<SizeInBytes>12345678901", code: "vans-pattern", path: `${D}/SizeInBytes` },
  { name: "SizeInBytes negative", from: "<SizeInBytes>", to: "<SizeInBytes>-", code: "vans-range", path: `${D}/SizeInBytes` },
  { name: "SizeInBytes with an element inside", from: "<SizeInBytes>", to: "<SizeInBytes><b/>", code: "vans-unexpected", path: `${D}/SizeInBytes/b` },
  { name: "Type not in the list", from: "<Type>reliable", to: "<Type>maybe", code: "vans-enumeration", path: `${T}/Type` },
  { name: "TransformMessage not a boolean", from: "<TransformMessage>false", to: "<TransformMessage>no", code: "vans-pattern", path: `${T}/TransformMessage` },
  { name: "TransformMessage missing", from: "<TransformMessage>false</TransformMessage>", to: "", code: "vans-missing", path: `${T}/TransformMessage` },
  { name: "ServiceTag value longer than 70", from: ">application/fhir+xml<", to: `>${"a".repeat(71)}<`, code: "vans-length", path: `${T}/ServiceTag[1]` },
  { name: "ServiceTag name longer than 70", from: 'name="MCM:MIME"', to: `name="${"n".repeat(71)}"`, code: "vans-length", path: `${T}/ServiceTag[1]/@name` },
  { name: "ServiceTag without name", from: ' name="MCM:MIME"', to: "", code: "vans-missing", path: `${T}/ServiceTag[1]/@name` },
  { name: "six ServiceTags", from: "</Transport>", to: `${'<ServiceTag name="a">b</ServiceTag>'.repeat(5)}</Transport>`, code: "vans-cardinality", path: `${T}/ServiceTag[6]` },
  { name: "an element in another namespace", from: "<Format>", to: '<x:Extra xmlns:x="urn:x"/><Format>', code: "vans-namespace", path: `${D}/Extra` },
  { name: "an unknown element", from: "<Format>", to: "<Extra/><Format>", code: "vans-unexpected", path: `${D}/Extra` },
  // Receipts.
  { name: "Receipt empty", doc: positiveReceipt, from: /<PositiveMessage>[^]*<\/PositiveMessage>/.exec(positiveReceipt)?.[0] ?? "", to: "", code: "vans-missing", path: "/VANSEnvelope/Receipt/NegativeVans|NegativeMessage|PositiveMessage" },
  { name: "PositiveMessage without OriginalMessage", doc: positiveReceipt, from: /<OriginalMessage>[^]*<\/OriginalMessage>/.exec(positiveReceipt)?.[0] ?? "", to: "", code: "vans-missing", path: "/VANSEnvelope/Receipt/PositiveMessage/OriginalMessage" },
  { name: "PositiveMessage with an Error", doc: positiveReceipt, from: "<PositiveMessage>", to: "<PositiveMessage><Error><Description>x</Description></Error>", code: "vans-unexpected", path: "/VANSEnvelope/Receipt/PositiveMessage/Error" },
  { name: "OriginalEnvelopeIdentifier not a UUID", doc: positiveReceipt, from: `<OriginalEnvelopeIdentifier>${ENVELOPE_ID}`, to: "<OriginalEnvelopeIdentifier>1", code: "vans-pattern", path: "/VANSEnvelope/Receipt/PositiveMessage/OriginalEnvelopeIdentifier" },
  { name: "NegativeMessage without Error", doc: negativeReceipt, from: /<Error>[^]*<\/Error>/.exec(negativeReceipt)?.[0] ?? "", to: "", code: "vans-missing", path: "/VANSEnvelope/Receipt/NegativeMessage/Error" },
  { name: "Error/Code 0", doc: negativeReceipt, from: "<Code>17", to: "<Code>0", code: "vans-pattern", path: "/VANSEnvelope/Receipt/NegativeMessage/Error/Code" },
  { name: "Error/Description longer than 512", doc: negativeReceipt, from: "<Description>Ukendt modtager", to: `<Description>${"ø".repeat(513)}`, code: "vans-length", path: "/VANSEnvelope/Receipt/NegativeMessage/Error/Description" },
  { name: "NegativeVans Description empty", doc: negativeVans, from: "<Description>Modtager ikke fundet</Description>", to: "<Description/>", code: "vans-length", path: "/VANSEnvelope/Receipt/NegativeVans/Error/Description" },
];

describe("every facet of VANSEnvelope 1.0.4 refused with code and path", () => {
  test.each(mutations)("$name → $code at $path", (m) => {
    const doc = replace(m.doc ?? messageEnvelope, m.from, m.to);
    const result = readVansEnvelope(doc);
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ severity: "error", code: m.code, path: m.path }));
  });

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
