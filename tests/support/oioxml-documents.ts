// Hand-made OIOXML documents (the model) that use every optional field of MedCom's XSDs, for writer and round-trip
// tests. Test data only: the CPR numbers are MedCom's test numbers, the names invented.
import { OioNamespace, type Xbin01, type Xctl, type Xdis91 } from "../../src/medcom/oioxml/index.js";

const sent = { date: "2024-03-31", time: "02:30" };

export const fullXdis91: Xdis91 = {
  kind: "xdis91",
  envelope: { sent, identifier: "ABCDEFGHIJ1234", acknowledgementCode: "pluspositivkvitt" },
  letter: {
    identifier: "abcdefghij5678",
    versionCode: "XD9134L",
    statisticalCode: "XDIS91",
    authorisation: { date: "2024-12-31", time: "23:59" },
    statusCode: "rettetbrev",
    episodeOfCareIdentifier: "6fb927da3be14b9f8875a6326617d20b",
  },
  sender: {
    ean: "5790001382445",
    identifier: "12345678901234567",
    identifierCode: "sorkode",
    organisationName: "Ærø Kommune – Sundhed & Omsorg",
    departmentName: "Hjemmeplejen",
    unitName: "Team Øst",
    streetName: "Vestergade 1",
    suburbName: "Ærøskøbing",
    districtName: "Ærøskøbing",
    postCode: "5970",
    telephone: "+45 63 52 50 00",
    medicalSpecialityCode: "almen_medicin",
  },
  receiver: {
    ean: "5790000121441",
    identifier: "461",
    identifierCode: "kommunenummer",
    organisationName: "Odense Kommune",
    departmentName: "Visitation",
    unitName: "Enhed 2",
    streetName: "Vandværksvej 99",
    suburbName: "Bolbro",
    districtName: "Odense C",
    postCode: "5000",
  },
  patient: {
    cpr: "2512489996",
    surname: "Berggren",
    given: "Nancy Ann",
    streetName: "Hindbærvej 23",
    suburbName: "Hjallese",
    districtName: "Odense S",
    postCode: "5260",
    occupancyText: "Pensionist",
    episodeOfCareStatus: "ambulant_roentgen",
  },
  priority: "rutine",
  subject: "Svar på henvisning <vigtigt> & haster",
  clinicalInformation: [
    "Første linje\nAnden linje med  to mellemrum og\ttab\n\nEfter en tom linje: 5 € og π ≈ 3,14 😀",
    " Indrykket tekst, der slutter med et mellemrum ",
    "",
    "Tegn der skal escapes: < > & \" ' ]]>",
  ],
  references: [
    { description: "Vejledning", url: "https://www.medcom.dk/standarder?x=1&y=2" },
    { description: "Supplerende oplysninger følger", sup: true },
    {
      description: "Røntgenbillede",
      bin: {
        objectIdentifier: "c39ea6b2605245e4a207415e0205ab6f",
        objectCode: "billede",
        extensionCode: "jpeg",
        originalSize: 1,
      },
    },
  ],
};

/** The same letter with a replacement CPR and no optional fields at all. */
export const minimalXdis91: Xdis91 = {
  kind: "xdis91",
  envelope: { sent: { date: "2023-10-29", time: "02:30" }, identifier: "A", acknowledgementCode: "minuspositivkvitt" },
  letter: {
    identifier: "B",
    versionCode: "XD9134L",
    statisticalCode: "XDIS91",
    authorisation: { date: "2023-10-29", time: "00:00" },
    statusCode: "nytbrev",
  },
  sender: { ean: "5790001382445", identifier: "1", identifierCode: "amt", organisationName: "X" },
  receiver: { ean: "5790000121441", identifier: "2", identifierCode: "ydernummer" },
  patient: { alternativeIdentifier: "010170K001", surname: "Y", episodeOfCareStatus: "doed" },
  clinicalInformation: [],
  references: [],
};

export const fullXbin01: Xbin01 = {
  kind: "xbin01",
  envelope: { sent, identifier: "MEDBIN62529", acknowledgementCode: "pluspositivkvitt" },
  letter: {
    identifier: "031120PWE62528",
    versionCode: "XB0131X",
    statisticalCode: "XBIN01",
    authorisation: { date: "2024-02-29", time: "12:00" },
    statusCode: "nytbrev",
  },
  sender: {
    ean: "5790001382445",
    identifier: "5790001382445",
    identifierCode: "lokationsnummer",
    organisationName: "MedCom testcenter",
    departmentName: "Certificering",
    unitName: "Test",
    streetName: "Forskerparken 10",
    suburbName: "Cortex Park",
    districtName: "Odense M",
    postCode: "",
    telephone: "66131372",
    medicalSpecialityCode: "ikkeklassificeret",
  },
  receiver: {
    ean: "5790000121441",
    identifier: "5790000121441",
    identifierCode: "kommunenummer",
    organisationName: "Hjemmeplejen, Odense Kommune",
    departmentName: "Afdeling",
    unitName: "Enhed",
    streetName: "Vandværksvej 99",
    suburbName: "Bolbro",
    districtName: "Hillerød",
    postCode: "3400",
  },
  systemInformation: { contents: "Systemoplysninger uden patient" },
  objects: [
    {
      objectIdentifier: "C39EA6B2-6052-45E4-A207-415E0205AB6F",
      objectCode: "vektor_grafik",
      extensionCode: "pdf",
      originalSize: 5,
      base64: "aGVsbG8=",
    },
    {
      objectIdentifier: "64d56beb-9d22-45d4-8fa0-eaaf186bebae",
      objectCode: "tekstfil",
      extensionCode: "fnx",
      originalSize: 2,
      base64: "aGk=",
    },
  ],
};

const { systemInformation: _systemInformation, ...withoutSystemInformation } = fullXbin01;
export const patientXbin01: Xbin01 = {
  ...withoutSystemInformation,
  patient: { cpr: "2512489996", surname: "Berggren", given: "Nancy" },
};

const receipt = {
  namespace: OioNamespace.xctl,
  envelope: { sent, identifier: "KuvertNr1256", acknowledgementCode: "minuspositivkvitt" as const },
  sender: "5790000121441",
  receiver: "5790001382445",
};

export const xctl03: Xctl = {
  ...receipt,
  kind: "xctl03",
  letter: { identifier: "BrevNr5698", versionCode: "XC0330Q", statisticalCode: "XCTL03" },
  original: {
    envelopeIdentifier: "KuvNrerwerwe99",
    sender: "5790001382445",
    receiver: "5790000121441",
    letters: [
      { identifier: "Brevt23400929", versionCode: "XD9134L" },
      { identifier: "031120PWE62528", versionCode: "XB0131X" },
    ],
  },
};

export const xctl02: Xctl = {
  ...receipt,
  kind: "xctl02",
  letter: { identifier: "BrevNr5699", versionCode: "XC0230Q", statisticalCode: "XCTL02" },
  original: {
    envelopeIdentifier: "KuvNrerwerwe99",
    sender: "5790001382445",
    receiver: "5790000121441",
    refusal: { code: "problem_med_modtagerID", text: "Modtageren kendes ikke.\nKontakt afsender." },
    letters: [
      {
        identifier: "Brevt23400929",
        versionCode: "XD9134L",
        refusal: { code: "syntaksfejl", text: "Linje 1\nLinje 2 – med € og <tegn>" },
      },
      { identifier: "Brevt23400930", versionCode: "XD9133L", refusal: { code: "problem_med_version" } },
      { identifier: "Brevt23400931", versionCode: "XD9134L", refusal: { text: "Kun tekst" } },
    ],
  },
};

export const xctl01: Xctl = {
  ...receipt,
  kind: "xctl01",
  letter: { identifier: "VANS1", versionCode: "XC0130Q", statisticalCode: "XCTL01" },
  original: {
    envelopeIdentifier: "E",
    sender: "1",
    receiver: "2",
    refusal: { code: "ukendt_lokationsnummer" },
    letters: [],
  },
};
