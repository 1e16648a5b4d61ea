// MedCom's conversion-flow examples (../shared/medcom/legacy/examples/conversion-flows) as the OIOXML model, written
// out by hand from the files, so the conversion is tested before the OIOXML reader exists. The base64 of the XBIN01
// is taken from the file itself. Third-party files: read, never copied.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Party } from "../../../src/medcom/builders/index.js";
import type { Bundle } from "../../../src/medcom/model/index.js";
import type { Xbin01, Xctl, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { readBundle } from "../../support/messages.js";
import { sharedRoot } from "../../support/shared.js";

export const flowsDir = join(sharedRoot, "medcom/legacy/examples/conversion-flows");
export const readFlow = (name: string): Buffer => readFileSync(join(flowsDir, name));
export const readFlowBundle = (name: string): Bundle => readBundle(readFlow(name), "xml");

/** The SOR view of Flow1's two GLNs, as MedCom's Flow1 CareCommunication has them. */
export const FLOW1_PARTIES: { sender: Party; receiver: Party } = {
  sender: { gln: "5790001382445", sor: "359001000016000", name: "MedCom testcenter" },
  receiver: { gln: "5790000121441", sor: "328051000016008", name: "Social og Sundhed Odense Kommune" },
};

function flow1Base64(): string {
  const xml = readFlow("Flow1-XBIN01_Ex_to_FHIR.xml").toString("utf8");
  const open = "<Object_Base64Encoded>";
  const start = xml.indexOf(open) + open.length;
  return xml.slice(start, xml.indexOf("</Object_Base64Encoded>", start)).replace(/\s+/g, "");
}

const SENDER = {
  ean: "5790001382445",
  identifier: "5790001382445",
  identifierCode: "lokationsnummer",
  organisationName: "Medcom testcenter",
  departmentName: "Certificering",
  medicalSpecialityCode: "ikkeklassificeret",
} as const;

const RECEIVER = {
  ean: "5790000121441",
  identifier: "5790000121441",
  identifierCode: "kommunenummer",
  organisationName: "Hjemmeplejen, Odense Kommune",
  streetName: "Vandværksvej 99",
  districtName: "Hillerød",
  postCode: "3400",
} as const;

const SENT = { date: "2023-11-20", time: "17:45" };

/** Flow1-XDIS91_Ex_to_FHIR.xml. */
export function flow1Xdis91(): Xdis91 {
  return {
    kind: "xdis91",
    envelope: { sent: SENT, identifier: "KuvNrerwerwe99", acknowledgementCode: "pluspositivkvitt" },
    letter: {
      identifier: "Brevt23400929",
      versionCode: "XD9134L",
      statisticalCode: "XDIS91",
      authorisation: SENT,
      statusCode: "nytbrev",
    },
    sender: { ...SENDER },
    receiver: { ...RECEIVER },
    patient: {
      cpr: "2512489996",
      surname: "Ann Berggren",
      given: "Nancy",
      streetName: "Hindbærvej 23",
      districtName: "Odense S",
      postCode: "5260",
      episodeOfCareStatus: "inaktiv",
    },
    priority: "høj_prioritet",
    subject: "Forundersøgelse",
    clinicalInformation: [
      "Afdeling A har modtaget en henvisning på ovenstående patient.\nForinden der foretages visitation, bedes " +
        "følgende undersøgelser foretaget:\nRøntgen af hofte i to planer.\nBlodtryksresultat\nSænkningsresultat\n\n" +
        'Resultaterne bedes fremsendt som et "korrespondancebrev".\n\nVenlig hilsen\noverlæge K. Petersen\n15.01.1999\n',
    ],
    references: [
      {
        description: "BIN",
        bin: {
          objectIdentifier: "c39ea6b2605245e4a207415e0205ab6f",
          objectCode: "billede",
          extensionCode: "pdf",
          originalSize: 4297,
        },
      },
    ],
  };
}

/** Flow1-XBIN01_Ex_to_FHIR.xml. */
export function flow1Xbin01(): Xbin01 {
  return {
    kind: "xbin01",
    envelope: { sent: SENT, identifier: "MEDBIN62529", acknowledgementCode: "minuspositivkvitt" },
    letter: {
      identifier: "031120PWE62528",
      versionCode: "XB0131X",
      statisticalCode: "XBIN01",
      authorisation: SENT,
      statusCode: "nytbrev",
    },
    sender: { ...SENDER },
    receiver: { ...RECEIVER },
    patient: { cpr: "2512489996", surname: "Ann Berggren", given: "Nancy" },
    objects: [
      {
        objectIdentifier: "c39ea6b2-6052-45e4-a207-415e0205ab6f",
        objectCode: "billede",
        extensionCode: "pdf",
        originalSize: 4297,
        base64: flow1Base64(),
      },
    ],
  };
}

function flow4Receipt(envelope: string, letter: string, versionCode: string): Xctl {
  return {
    kind: "xctl03",
    envelope: {
      sent: { date: "2023-11-22", time: "12:33" },
      identifier: "KuvertNr1234",
      acknowledgementCode: "minuspositivkvitt",
    },
    letter: { identifier: "BrevNr5678", versionCode: "XC0330Q", statisticalCode: "XCTL03" },
    sender: "5790000121441",
    receiver: "5790001382445",
    original: {
      envelopeIdentifier: envelope,
      sender: "5790001382445",
      receiver: "5790000121441",
      letters: [{ identifier: letter, versionCode }],
    },
  };
}

/** Flow4-XCTL03_Ex_to_FHIR_XDIS91.xml and Flow4-XCTL03_Ex_to_FHIR_XBIN01.xml. */
export function flow4Receipts(): Xctl[] {
  return [
    flow4Receipt("KuvNrerwerwe00", "Brevt23400930", "XD9134L"),
    flow4Receipt("MEDBIN62530", "031120PWE62529", "XB0131X"),
  ];
}
