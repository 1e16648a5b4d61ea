// Mutated XBIN01 and XCTL examples, and the hardening the gateway adds to the XSDs (no DOCTYPE, no entities, a depth
// limit): refused by our reader with code and path; xmllint refuses the XSD's cases and accepts the hardening ones.
import { describe } from "vitest";
import { type Mutation, b, c2, c3, replace, testMutations, x } from "../../support/oioxml-mutations.js";

const mutations: Mutation[] = [
  {
    ...x,
    name: "two letters in one Emessage (EMessage.xsd allows it; the gateway reads one)",
    mutate: (d) =>
      replace(d, "</Emessage>", `${d.slice(d.indexOf("<ClinicalEmail>"), d.indexOf("</Emessage>"))}</Emessage>`),
    code: "oioxml-cardinality",
    path: "/Emessage/ClinicalEmail",
    xsdRefuses: false,
  },
  {
    ...x,
    name: "a DOCTYPE (never allowed, even without entities)",
    mutate: (d) => `<!DOCTYPE Emessage>\n${d}`,
    code: "xml-doctype-forbidden",
    path: "line 1, column 1",
    xsdRefuses: false,
  },
  {
    ...x,
    // xmllint refuses it too, though not for the XSD: it cannot validate entity references ("not supported").
    name: "an internal entity",
    mutate: (d) => replace(`<!DOCTYPE Emessage [<!ENTITY n "Nancy">]>\n${d}`, ">Nancy<", ">&n;<"),
    code: "xml-doctype-forbidden",
    path: "line 1, column 1",
  },
  {
    ...x,
    name: "nesting deeper than the reader's limit (inside Local_Elements, xs:anyType)",
    mutate: (d) =>
      replace(
        d,
        "</Emessage>",
        `<Local_Elements>${"<a>".repeat(120)}${"</a>".repeat(120)}</Local_Elements></Emessage>`,
      ),
    code: "xml-too-deep",
    path: "line 65, column 311",
    xsdRefuses: false,
  },
  {
    ...b,
    name: "XBIN01 ObjectIdentifier without hyphens",
    mutate: (d) => replace(d, "c39ea6b2-6052-45e4-a207-415e0205ab6f", "c39ea6b2605245e4a207415e0205ab6f"),
    code: "oioxml-pattern",
    path: "/Emessage/BinaryLetter/BinaryObject[1]/ObjectIdentifier",
  },
  {
    ...b,
    name: "XBIN01 IdentifierCode amt (not in the 2012 set)",
    mutate: (d) => replace(d, "<IdentifierCode>lokationsnummer<", "<IdentifierCode>amt<"),
    code: "oioxml-enumeration",
    path: "/Emessage/BinaryLetter/Sender/IdentifierCode",
  },
  {
    ...b,
    name: "XBIN01 StatusCode rettetbrev (fixed nytbrev)",
    mutate: (d) => replace(d, "<StatusCode>nytbrev<", "<StatusCode>rettetbrev<"),
    code: "oioxml-pattern",
    path: "/Emessage/BinaryLetter/Letter/StatusCode",
  },
  {
    ...b,
    name: "XBIN01 without BinaryObject",
    mutate: (d) => d.slice(0, d.indexOf("<BinaryObject>")) + "</BinaryLetter>\n</Emessage>\n",
    code: "oioxml-missing",
    path: "/Emessage/BinaryLetter/BinaryObject",
  },
  {
    ...b,
    name: "XBIN01 base64 with a character outside the alphabet (the XSD says xs:string)",
    mutate: (d) => replace(d, "JVBERi0x", "JVBERi!x"),
    code: "oioxml-base64",
    path: "/Emessage/BinaryLetter/BinaryObject[1]/Object_Base64Encoded",
    xsdRefuses: false,
  },
  {
    ...c3,
    name: "XCTL03 with the XCTL02 VersionCode",
    mutate: (d) => replace(d, "XC0330Q", "XC0230Q"),
    code: "oioxml-version",
    path: "/Emessage/PositiveReceipt/Letter/VersionCode",
  },
  {
    ...c3,
    name: "XCTL03 with a RefuseCode (positive receipts have none)",
    mutate: (d) => replace(d, "</OriginalVersionCode>", "</OriginalVersionCode><RefuseCode>syntaksfejl</RefuseCode>"),
    code: "oioxml-unexpected",
    path: "/Emessage/PositiveReceipt/OriginalEmessage/OriginalLetter[1]/RefuseCode",
  },
  {
    ...c3,
    name: "XCTL03 OriginalVersionCode of 8 characters",
    mutate: (d) => replace(d, "<OriginalVersionCode>XD9134L<", "<OriginalVersionCode>XD9134LL<"),
    code: "oioxml-length",
    path: "/Emessage/PositiveReceipt/OriginalEmessage/OriginalLetter[1]/OriginalVersionCode",
  },
  {
    ...c2,
    name: "XCTL02 unknown RefuseCode",
    mutate: (d) => replace(d, "<RefuseCode>syntaksfejl<", "<RefuseCode>andet<"),
    code: "oioxml-enumeration",
    path: "/Emessage/NegativeReceipt/OriginalEmessage/OriginalLetter[1]/RefuseCode",
  },
  {
    ...c2,
    name: "XCTL02 RefuseText with Bold (BreakableText has Break and Space only)",
    mutate: (d) => replace(d, "<RefuseText>", "<RefuseText><Bold>x</Bold>"),
    code: "oioxml-unexpected",
    path: "/Emessage/NegativeReceipt/OriginalEmessage/OriginalLetter[1]/RefuseText/Bold[1]",
  },
  {
    ...c2,
    name: "XCTL02 RefuseText before RefuseCode",
    mutate: (d) => {
      const code = "<RefuseCode>syntaksfejl</RefuseCode>";
      return replace(replace(d, code, ""), "</OriginalLetter>", `${code}</OriginalLetter>`);
    },
    code: "oioxml-order",
    path: "/Emessage/NegativeReceipt/OriginalEmessage/OriginalLetter[1]/RefuseCode",
  },
];

describe("mutated XBIN01 and XCTL documents, and hostile XML, are refused", () => {
  testMutations(mutations);
});
