// Mutated XDIS91 (MedCom's Flow1 example): each refused by our reader with the XSD's reason and path, and by xmllint
// against 2006/07/01/EMessage.xsd; valid variants (prefixes, xsi:schemaLocation, white space) accepted by both.
import { describe, expect, test } from "vitest";
import { OioNamespace, readOioxml } from "../../../src/medcom/oioxml/index.js";
import { type Mutation, b, c2, c3, replace, testMutations, x, XDIS91 } from "../../support/oioxml-mutations.js";
import { xmllintValidate } from "../../support/xmllint.js";

const P = "/Emessage/ClinicalEmail";

const mutations: Mutation[] = [
  {
    ...x,
    name: "missing PersonSurnameName",
    mutate: (d) => replace(d, "<PersonSurnameName>Ann Berggren</PersonSurnameName>", ""),
    code: "oioxml-missing",
    path: `${P}/Patient/PersonSurnameName`,
  },
  {
    ...x,
    name: "envelope id of 15 characters (String_1_14)",
    mutate: (d) => replace(d, "KuvNrerwerwe99", "KuvNrerwerwe991"),
    code: "oioxml-length",
    path: "/Emessage/Envelope/Identifier",
  },
  {
    ...x,
    name: "empty letter id",
    mutate: (d) => replace(d, "<Identifier>Brevt23400929</Identifier>", "<Identifier></Identifier>"),
    code: "oioxml-length",
    path: `${P}/Letter/Identifier`,
  },
  {
    ...x,
    name: "OrganisationName of 36 characters",
    mutate: (d) => replace(d, "Medcom testcenter", "M".repeat(36)),
    code: "oioxml-length",
    path: `${P}/Sender/OrganisationName`,
  },
  {
    ...x,
    name: "Subject of 71 characters",
    mutate: (d) => replace(d, "<Subject>Forundersøgelse</Subject>", `<Subject>${"æ".repeat(71)}</Subject>`),
    code: "oioxml-length",
    path: `${P}/AdditionalInformation/Subject`,
  },
  {
    ...x,
    name: "CPR of 9 digits",
    mutate: (d) => replace(d, "2512489996", "251248999"),
    code: "oioxml-pattern",
    path: `${P}/Patient/CivilRegistrationNumber`,
  },
  {
    ...x,
    name: "CPR with a hyphen",
    mutate: (d) => replace(d, "2512489996", "251248-999"),
    code: "oioxml-pattern",
    path: `${P}/Patient/CivilRegistrationNumber`,
  },
  {
    ...x,
    name: "CPR and AlternativeIdentifier both",
    mutate: (d) =>
      replace(d, "<PersonSurnameName>", "<AlternativeIdentifier>010170K001</AlternativeIdentifier><PersonSurnameName>"),
    code: "oioxml-unexpected",
    path: `${P}/Patient/AlternativeIdentifier`,
  },
  {
    ...x,
    name: "neither CPR nor AlternativeIdentifier",
    mutate: (d) => replace(d, "<CivilRegistrationNumber>2512489996</CivilRegistrationNumber>", ""),
    code: "oioxml-missing",
    path: `${P}/Patient/CivilRegistrationNumber|AlternativeIdentifier`,
  },
  {
    ...x,
    name: "PersonGivenName before PersonSurnameName",
    mutate: (d) =>
      replace(
        d,
        "<PersonSurnameName>Ann Berggren</PersonSurnameName>\n<PersonGivenName>Nancy</PersonGivenName>",
        "<PersonGivenName>Nancy</PersonGivenName>\n<PersonSurnameName>Ann Berggren</PersonSurnameName>",
      ),
    code: "oioxml-order",
    path: `${P}/Patient/PersonSurnameName`,
  },
  {
    ...x,
    name: "unknown EpisodeOfCareStatusCode",
    mutate: (d) => replace(d, "<EpisodeOfCareStatusCode>inaktiv<", "<EpisodeOfCareStatusCode>hjemme<"),
    code: "oioxml-enumeration",
    path: `${P}/Patient/EpisodeOfCareStatusCode`,
  },
  {
    ...x,
    name: "unknown IdentifierCode",
    mutate: (d) => replace(d, "<IdentifierCode>lokationsnummer<", "<IdentifierCode>cvr<"),
    code: "oioxml-enumeration",
    path: `${P}/Sender/IdentifierCode`,
  },
  {
    ...x,
    name: "an enumeration value with spaces around it (xs:string keeps white space)",
    mutate: (d) => replace(d, "<IdentifierCode>lokationsnummer<", "<IdentifierCode> lokationsnummer <"),
    code: "oioxml-enumeration",
    path: `${P}/Sender/IdentifierCode`,
  },
  {
    ...x,
    name: "Priority with a different spelling",
    mutate: (d) => replace(d, "høj_prioritet", "hoej_prioritet"),
    code: "oioxml-enumeration",
    path: `${P}/AdditionalInformation/Priority`,
  },
  {
    ...x,
    name: "time 24:00",
    mutate: (d) => replace(d, "<Time>17:45</Time>", "<Time>24:00</Time>"),
    code: "oioxml-pattern",
    path: "/Emessage/Envelope/Sent/Time",
  },
  {
    ...x,
    name: "time with seconds",
    mutate: (d) => replace(d, "<Time>17:45</Time>", "<Time>17:45:00</Time>"),
    code: "oioxml-pattern",
    path: "/Emessage/Envelope/Sent/Time",
  },
  {
    ...x,
    name: "date with a time zone (dateNoTZ)",
    mutate: (d) => replace(d, "<Date>2023-11-20</Date>", "<Date>2023-11-20Z</Date>"),
    code: "oioxml-pattern",
    path: "/Emessage/Envelope/Sent/Date",
  },
  {
    ...x,
    name: "Authorisation without its Date",
    mutate: (d) => replace(d, "<Authorisation>\n<Date>2023-11-20</Date>", "<Authorisation>"),
    code: "oioxml-missing",
    path: `${P}/Letter/Authorisation/Date`,
  },
  {
    ...x,
    name: "30 February",
    mutate: (d) => replace(d, "<Date>2023-11-20</Date>", "<Date>2023-02-30</Date>"),
    code: "oioxml-pattern",
    path: "/Emessage/Envelope/Sent/Date",
  },
  {
    ...x,
    name: "VersionCode XD9135L",
    mutate: (d) => replace(d, "XD9134L", "XD9135L"),
    code: "oioxml-version",
    path: `${P}/Letter/VersionCode`,
  },
  {
    ...x,
    name: "VersionCode XD9133L in the 2006 namespace",
    mutate: (d) => replace(d, "XD9134L", "XD9133L"),
    code: "oioxml-version",
    path: `${P}/Letter/VersionCode`,
  },
  {
    ...x,
    name: "an XD9133L letter in the 2005/08/07 namespace",
    mutate: (d) => replace(replace(d, OioNamespace.xdis91, OioNamespace.xctl), "XD9134L", "XD9133L"),
    code: "oioxml-version",
    path: `${P}/Letter/VersionCode`,
  },
  {
    ...x,
    name: "TypeCode XDIS92",
    mutate: (d) => replace(d, "<TypeCode>XDIS91</TypeCode>", "<TypeCode>XDIS01</TypeCode>"),
    code: "oioxml-pattern",
    path: `${P}/Letter/TypeCode`,
  },
  {
    ...x,
    name: "an unknown element",
    mutate: (d) => replace(d, "</Patient>", "<Email>a@b.dk</Email></Patient>"),
    code: "oioxml-unexpected",
    path: `${P}/Patient/Email`,
  },
  {
    ...x,
    name: "an attribute",
    mutate: (d) => replace(d, "<Envelope>", '<Envelope id="1">'),
    code: "oioxml-unexpected",
    path: "/Emessage/Envelope/@id",
  },
  {
    ...x,
    name: "an element in no namespace",
    mutate: (d) => replace(d, "<Subject>", '<Subject xmlns="">'),
    code: "oioxml-namespace",
    path: `${P}/AdditionalInformation/Subject`,
  },
  {
    ...x,
    name: "11 ClinicalInformation blocks (maxOccurs 10)",
    mutate: (d) =>
      replace(
        d,
        "<ClinicalInformation>",
        "<ClinicalInformation><Text01>x</Text01></ClinicalInformation>".repeat(10) + "<ClinicalInformation>",
      ),
    code: "oioxml-cardinality",
    path: `${P}/ClinicalInformation[11]`,
  },
  {
    ...x,
    name: "a Break with content (an empty element)",
    mutate: (d) => replace(d, "<Break/>", "<Break> </Break>"),
    code: "oioxml-unexpected",
    path: `${P}/ClinicalInformation[1]/Text01/Break[1]`,
  },
  {
    ...x,
    name: "text between elements",
    mutate: (d) => replace(d, "<Patient>", "<Patient>Nancy"),
    code: "oioxml-unexpected",
    path: `${P}/Patient`,
  },
  {
    ...x,
    name: "SUP with the value false",
    mutate: (d) => replace(d, "<BIN>", "<SUP>false</SUP><BIN>").replace(/<BIN>[\s\S]*<\/BIN>/, ""),
    code: "oioxml-pattern",
    path: `${P}/Reference[1]/SUP`,
  },
  {
    ...x,
    name: "an unknown formatting element in Text01",
    mutate: (d) => replace(d, "<Text01>", "<Text01><Red>x</Red>"),
    code: "oioxml-unexpected",
    path: `${P}/ClinicalInformation[1]/Text01/Red[1]`,
  },
  {
    ...x,
    name: "OriginalObjectSize 0 (positiveInteger)",
    mutate: (d) => replace(d, "<OriginalObjectSize>4297<", "<OriginalObjectSize>0<"),
    code: "oioxml-pattern",
    path: `${P}/Reference[1]/BIN/OriginalObjectSize`,
  },
  {
    ...x,
    name: "unknown ObjectExtensionCode",
    mutate: (d) => replace(d, "<ObjectExtensionCode>pdf<", "<ObjectExtensionCode>docx<"),
    code: "oioxml-enumeration",
    path: `${P}/Reference[1]/BIN/ObjectExtensionCode`,
  },
  {
    ...x,
    name: "the root in an unknown namespace",
    mutate: (d) => replace(d, OioNamespace.xdis91, "urn:example:letters"),
    code: "oioxml-namespace",
    path: "/Emessage",
  },
];

describe("mutated XDIS91 documents are refused with the XSD's reason, as xmllint refuses them", () => {
  test("the unmutated bases are valid for both", () => {
    for (const m of [x, b, c3, c2]) {
      expect(readOioxml(m.base).ok).toBe(true);
      expect(xmllintValidate(m.base, m.schema)).toEqual({ valid: true, output: "" });
    }
  });

  testMutations(mutations);

  test("the CPR is never repeated in a message", () => {
    const read = readOioxml(replace(XDIS91, "2512489996", "251248999X"));
    expect(JSON.stringify(read.issues)).not.toContain("251248999");
  });
});

describe("valid variants both accept", () => {
  const prefixed = XDIS91.replaceAll(/<(\/?)([A-Z])/g, "<$1m:$2").replace("xmlns=", "xmlns:m=");

  test.each([
    ["every element with a prefix", x, prefixed],
    [
      "xsi:schemaLocation on the root",
      x,
      replace(
        XDIS91,
        "<Emessage ",
        `<Emessage xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OioNamespace.xdis91} EMessage.xsd" `,
      ),
    ],
    ["white space around a date", x, replace(XDIS91, "<Date>2023-11-20</Date>", "<Date> 2023-11-20\n</Date>")],
    [
      "Local_Elements after the letter",
      x,
      replace(XDIS91, "</ClinicalEmail>", "</ClinicalEmail><Local_Elements><any>x</any></Local_Elements>"),
    ],
    ["a CDATA section in Text01", x, replace(XDIS91, "<Text01>", "<Text01><![CDATA[<b> & </b>]]>")],
    ["a comment inside a value", x, replace(XDIS91, "<Subject>Forundersøgelse", "<Subject>Forunder<!-- c -->søgelse")],
  ] as const)("%s", (_name, base, doc) => {
    const read = readOioxml(doc);
    expect(read.ok ? [] : read.issues).toEqual([]);
    expect(xmllintValidate(doc, base.schema)).toEqual({ valid: true, output: "" });
  });

  test("the prefixed document reads to the same model as the original", () => {
    const a = readOioxml(XDIS91);
    const p = readOioxml(prefixed);
    expect(p.ok && p.value).toEqual(a.ok && a.value);
  });
});
