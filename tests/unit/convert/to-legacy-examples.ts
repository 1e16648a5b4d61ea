// MedCom's FHIR → OIOXML conversion examples (Flow3 XDIS91 + XBIN01, Flow2 XCTL03 ×2) as the OIOXML model, written
// out by hand from the files (as helper B's legacy-examples.ts does for Flow1), so the conversion is compared field by
// field before the OIOXML reader exists; once it does, the test also checks this transcription against the files.
// The base64 of the XBIN01 is taken from the file itself. Third-party files: read, never copied.
import type { Xbin01, Xctl, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { readFlow } from "./legacy-examples.js";

function base64Of(name: string): string {
  const xml = readFlow(name).toString("latin1");
  const open = "<Object_Base64Encoded>";
  const start = xml.indexOf(open) + open.length;
  return xml.slice(start, xml.indexOf("</Object_Base64Encoded>", start)).replace(/\s+/g, "");
}

/** Flow3-XDIS91_Ex_from_FHIR.xml. */
export function medcomFlow3Xdis91(): Xdis91 {
  const at = { date: "2023-11-22", time: "12:32" };
  return {
    kind: "xdis91",
    envelope: { sent: at, identifier: "KuvNrerwerwe00", acknowledgementCode: "pluspositivkvitt" },
    letter: {
      identifier: "Brevt23400930",
      versionCode: "XD9134L",
      statisticalCode: "XDIS91",
      authorisation: at,
      statusCode: "nytbrev",
    },
    sender: {
      ean: "5790001382445",
      identifier: "5790001382445",
      identifierCode: "lokationsnummer",
      organisationName: "MedCom testcenter",
      telephone: "66131372",
    },
    receiver: { ean: "5790000121441", identifier: "5790000121441", identifierCode: "lokationsnummer" },
    patient: { cpr: "2512489996", surname: "Ann Berggren", given: "Nancy", episodeOfCareStatus: "inaktiv" },
    subject: "Vedr. henvisning, Undersøgelser forude for visitation",
    clinicalInformation: [
      "Afdeling A har modtaget en henvisning på ovenstående patient.\nForinden der foretages visitation, bedes " +
        "følgende undersøgelser foretaget:\nRøntgen af hofte i to planer.\nBlodtryksresultat\nSænkningsresultat\n\n" +
        'Resultaterne bedes fremsendt som et "korrespondancebrev".\n\nVenlig hilsen\nMichael\nForfatter: Michael ' +
        "Burns\nStilling: Sygeplejerske\n",
    ],
    references: [
      {
        description: "BIN",
        bin: {
          objectIdentifier: "64d56beb9d2245d48fa0eaaf186bebae",
          objectCode: "billede",
          extensionCode: "pdf",
          originalSize: 4297,
        },
      },
    ],
  };
}

/** Flow3-XBIN01_Ex_from_FHIR.xml (a byte copy of Flow1's XBIN01, LEGACY.md §6.8). */
export function medcomFlow3Xbin01(): Xbin01 {
  const at = { date: "2023-11-20", time: "17:45" };
  return {
    kind: "xbin01",
    envelope: { sent: at, identifier: "MEDBIN62529", acknowledgementCode: "minuspositivkvitt" },
    letter: {
      identifier: "031120PWE62528",
      versionCode: "XB0131X",
      statisticalCode: "XBIN01",
      authorisation: at,
      statusCode: "nytbrev",
    },
    sender: {
      ean: "5790001382445",
      identifier: "5790001382445",
      identifierCode: "lokationsnummer",
      organisationName: "Medcom testcenter",
      departmentName: "Certificering",
      medicalSpecialityCode: "ikkeklassificeret",
    },
    receiver: {
      ean: "5790000121441",
      identifier: "5790000121441",
      identifierCode: "kommunenummer",
      organisationName: "Hjemmeplejen, Odense Kommune",
      streetName: "Vandværksvej 99",
      districtName: "Hillerød",
      postCode: "3400",
    },
    patient: { cpr: "2512489996", surname: "Ann Berggren", given: "Nancy" },
    objects: [
      {
        objectIdentifier: "c39ea6b2-6052-45e4-a207-415e0205ab6f",
        objectCode: "billede",
        extensionCode: "pdf",
        originalSize: 4297,
        base64: base64Of("Flow3-XBIN01_Ex_from_FHIR.xml"),
      },
    ],
  };
}

function flow2Xctl03(
  own: { envelope: string; letter: string },
  original: { envelope: string; letter: string; version: string },
): Xctl {
  return {
    kind: "xctl03",
    envelope: {
      sent: { date: "2023-11-20", time: "17:46" },
      identifier: own.envelope,
      acknowledgementCode: "minuspositivkvitt",
    },
    letter: { identifier: own.letter, versionCode: "XC0330Q", statisticalCode: "XCTL03" },
    sender: "5790000121441",
    receiver: "5790001382445",
    original: {
      envelopeIdentifier: original.envelope,
      sender: "5790001382445",
      receiver: "5790000121441",
      letters: [{ identifier: original.letter, versionCode: original.version }],
    },
  };
}

/** Flow2-XCTL03_Ex_from_FHIR_XDIS91.xml and Flow2-XCTL03_Ex_from_FHIR_XBIN01.xml. */
export const medcomFlow2Xctl03 = {
  xdis91: () =>
    flow2Xctl03(
      { envelope: "KuvertNr1256", letter: "BrevNr5698" },
      { envelope: "KuvNrerwerwe99", letter: "Brevt23400929", version: "XD9134L" },
    ),
  xbin01: () =>
    flow2Xctl03(
      { envelope: "KuvertNr1287", letter: "BrevNr5612" },
      { envelope: "MEDBIN62529", letter: "031120PWE62528", version: "XB0131X" },
    ),
};
