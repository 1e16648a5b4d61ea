// Every facet of VANSEnvelope 1.0.4 (LEGACY.md §5.1) refused with its code and path: one mutation of a valid document
// each (MetaInformation and the receipts; the rest in mutations.test.ts). There is no official VANSEnvelope XSD in ../shared to cross-check with xmllint
// (LEGACY.md §0), so unlike the OIOXML mutation tests these are checked against our reader only.
import { describe, expect, test } from "vitest";
import { readVansEnvelope } from "../../../src/medcom/vans/index.js";
import {
  ENVELOPE_ID,
  MESSAGE_ID,
  type VansMutation,
  messageEnvelope,
  negativeReceipt,
  negativeVans,
  positiveReceipt,
  replace,
} from "../../support/vans-documents.js";

const M = "/VANSEnvelope/Message/MetaInformation";
const D = `${M}/Document`;
const T = `${M}/Transport`;

const mutations: VansMutation[] = [
  // MetaInformation.
  {
    name: "MessageIdentifier not a UUID",
    from: `<Identifier>${MESSAGE_ID}`,
    to: "<Identifier>abc",
    code: "vans-pattern",
    path: `${M}/Identifier`,
  },
  {
    name: "ProviderIdentifier longer than 255",
    from: "<ProviderIdentifier>provider",
    to: `<ProviderIdentifier>${"p".repeat(256)}`,
    code: "vans-length",
    path: `${M}/Processing/ProviderIdentifier`,
  },
  {
    name: "ServiceIdentifier missing",
    from: "<ServiceIdentifier>service</ServiceIdentifier>",
    to: "",
    code: "vans-missing",
    path: `${M}/Processing/ServiceIdentifier`,
  },
  {
    name: "Document missing",
    from: /<Document>[^]*<\/Document>/.exec(messageEnvelope)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: `${M}/Document`,
  },
  {
    name: "Format not in the list",
    from: "<Format>HL7",
    to: "<Format>FHIR",
    code: "vans-enumeration",
    path: `${D}/Format`,
  },
  {
    name: "Name empty",
    from: "<Name>MCM:FDIS91#examination-results</Name>",
    to: "<Name></Name>",
    code: "vans-length",
    path: `${D}/Name`,
  },
  {
    name: "Version longer than 255",
    from: "<Version>5.0",
    to: `<Version>${"5".repeat(256)}`,
    code: "vans-length",
    path: `${D}/Version`,
  },
  {
    name: "SizeInBytes not a number",
    from: "<SizeInBytes>",
    to: "<SizeInBytes>x",
    code: "vans-pattern",
    path: `${D}/SizeInBytes`,
  },
  {
    name: "SizeInBytes beyond xs:int",
    from: "<SizeInBytes>",
    to: "<SizeInBytes>9999999999",
    code: "vans-range",
    path: `${D}/SizeInBytes`,
  },
  {
    name: "SizeInBytes of 13 digits",
    from: "<SizeInBytes>",
    to: "<SizeInBytes>12345678901",
    code: "vans-pattern",
    path: `${D}/SizeInBytes`,
  },
  {
    name: "SizeInBytes negative",
    from: "<SizeInBytes>",
    to: "<SizeInBytes>-",
    code: "vans-range",
    path: `${D}/SizeInBytes`,
  },
  {
    name: "SizeInBytes with an element inside",
    from: "<SizeInBytes>",
    to: "<SizeInBytes><b/>",
    code: "vans-unexpected",
    path: `${D}/SizeInBytes/b`,
  },
  {
    name: "Type not in the list",
    from: "<Type>reliable",
    to: "<Type>maybe",
    code: "vans-enumeration",
    path: `${T}/Type`,
  },
  {
    name: "TransformMessage not a boolean",
    from: "<TransformMessage>false",
    to: "<TransformMessage>no",
    code: "vans-pattern",
    path: `${T}/TransformMessage`,
  },
  {
    name: "TransformMessage missing",
    from: "<TransformMessage>false</TransformMessage>",
    to: "",
    code: "vans-missing",
    path: `${T}/TransformMessage`,
  },
  {
    name: "ServiceTag value longer than 70",
    from: ">application/fhir+xml<",
    to: `>${"a".repeat(71)}<`,
    code: "vans-length",
    path: `${T}/ServiceTag[1]`,
  },
  {
    name: "ServiceTag name longer than 70",
    from: 'name="MCM:MIME"',
    to: `name="${"n".repeat(71)}"`,
    code: "vans-length",
    path: `${T}/ServiceTag[1]/@name`,
  },
  {
    name: "ServiceTag without name",
    from: ' name="MCM:MIME"',
    to: "",
    code: "vans-missing",
    path: `${T}/ServiceTag[1]/@name`,
  },
  {
    name: "six ServiceTags",
    from: "</Transport>",
    to: `${'<ServiceTag name="a">b</ServiceTag>'.repeat(5)}</Transport>`,
    code: "vans-cardinality",
    path: `${T}/ServiceTag[6]`,
  },
  {
    name: "an element in another namespace",
    from: "<Format>",
    to: '<x:Extra xmlns:x="urn:x"/><Format>',
    code: "vans-namespace",
    path: `${D}/Extra`,
  },
  { name: "an unknown element", from: "<Format>", to: "<Extra/><Format>", code: "vans-unexpected", path: `${D}/Extra` },
  // Receipts.
  {
    name: "Receipt empty",
    doc: positiveReceipt,
    from: /<PositiveMessage>[^]*<\/PositiveMessage>/.exec(positiveReceipt)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: "/VANSEnvelope/Receipt/NegativeVans|NegativeMessage|PositiveMessage",
  },
  {
    name: "PositiveMessage without OriginalMessage",
    doc: positiveReceipt,
    from: /<OriginalMessage>[^]*<\/OriginalMessage>/.exec(positiveReceipt)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: "/VANSEnvelope/Receipt/PositiveMessage/OriginalMessage",
  },
  {
    name: "PositiveMessage with an Error",
    doc: positiveReceipt,
    from: "<PositiveMessage>",
    to: "<PositiveMessage><Error><Description>x</Description></Error>",
    code: "vans-unexpected",
    path: "/VANSEnvelope/Receipt/PositiveMessage/Error",
  },
  {
    name: "OriginalEnvelopeIdentifier not a UUID",
    doc: positiveReceipt,
    from: `<OriginalEnvelopeIdentifier>${ENVELOPE_ID}`,
    to: "<OriginalEnvelopeIdentifier>1",
    code: "vans-pattern",
    path: "/VANSEnvelope/Receipt/PositiveMessage/OriginalEnvelopeIdentifier",
  },
  {
    name: "NegativeMessage without Error",
    doc: negativeReceipt,
    from: /<Error>[^]*<\/Error>/.exec(negativeReceipt)?.[0] ?? "",
    to: "",
    code: "vans-missing",
    path: "/VANSEnvelope/Receipt/NegativeMessage/Error",
  },
  {
    name: "Error/Code 0",
    doc: negativeReceipt,
    from: "<Code>17",
    to: "<Code>0",
    code: "vans-pattern",
    path: "/VANSEnvelope/Receipt/NegativeMessage/Error/Code",
  },
  {
    name: "Error/Description longer than 512",
    doc: negativeReceipt,
    from: "<Description>Ukendt modtager",
    to: `<Description>${"ø".repeat(513)}`,
    code: "vans-length",
    path: "/VANSEnvelope/Receipt/NegativeMessage/Error/Description",
  },
  {
    name: "NegativeVans Description empty",
    doc: negativeVans,
    from: "<Description>Modtager ikke fundet</Description>",
    to: "<Description/>",
    code: "vans-length",
    path: "/VANSEnvelope/Receipt/NegativeVans/Error/Description",
  },
];

describe("VANSEnvelope facets: MetaInformation and receipts", () => {
  test.each(mutations)("$name → $code at $path", (m) => {
    const result = readVansEnvelope(replace(m.doc ?? messageEnvelope, m.from, m.to));
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ severity: "error", code: m.code, path: m.path }));
  });
});
