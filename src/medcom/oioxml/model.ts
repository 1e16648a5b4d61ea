// The typed model of MedCom's OIOXML correspondence (LEGACY.md §2–§4): the XDIS91 letter (ClinicalEmail, XD9134L),
// the XBIN01 attachment letter (BinaryLetter, XB0131X) and the XCTL01/02/03 receipts. The reader (read.ts) fills it
// only after the document passed the checks MedCom's XSDs make; the writer (write.ts) emits it so that it validates
// against them. Field limits are the XSDs' (String_1_14, String_1_35, String_1_70 …), not ours.

/** Namespaces of the three schema sets (LEGACY.md §2, §3, §4). */
export const OioNamespace = {
  xdis91: "http://rep.oio.dk/sundcom.dk/medcom.dk/xml/schemas/2006/07/01/",
  xbin01: "http://rep.oio.dk/medcom.dk/xml/schemas/2012/03/28/",
  xctl: "http://rep.oio.dk/sundcom.dk/medcom.dk/xml/schemas/2005/08/07/",
  /** The same receipt schemas, as used with the municipal XREF15/XDIS15 letters: read, never written (§4). */
  xctl2020: "http://rep.oio.dk/medcom.dk/xml/schemas/2020/05/06/",
} as const;

export type OioxmlKind = "xdis91" | "xbin01" | "xctl01" | "xctl02" | "xctl03";

/** Danish local wall-clock time as OIOXML carries it: no zone, no seconds (`Date` xs:date, `Time` HH:MM). */
export interface LocalDateTime {
  date: string;
  time: string;
}

export type AcknowledgementRequest = "pluspositivkvitt" | "minuspositivkvitt";

export interface OioEnvelope {
  sent: LocalDateTime;
  /** "Kuvertnummer": 1..14 characters. */
  identifier: string;
  acknowledgementCode: AcknowledgementRequest;
}

export type IdentifierCode =
  "sygehusafdelingsnummer" | "ydernummer" | "lokationsnummer" | "kommunenummer" | "amt" | "sorkode";

/** Sender or Receiver of a letter (SenderNoContactType / ReceiverType / BinaryLetterSenderType). */
export interface OioParty {
  ean: string;
  identifier: string;
  identifierCode: IdentifierCode;
  /** Mandatory for a Sender, optional for a Receiver. */
  organisationName?: string;
  departmentName?: string;
  unitName?: string;
  streetName?: string;
  suburbName?: string;
  districtName?: string;
  postCode?: string;
  /** Sender only. */
  telephone?: string;
  /** Sender only: a ValueLists.xsd code such as `ikkeklassificeret`. */
  medicalSpecialityCode?: string;
}

export type EpisodeOfCareStatusCode = "inaktiv" | "indlagt" | "ambulant" | "doed" | "ambulant_roentgen";

export interface OioPatient {
  /** Exactly one of `cpr` ([0-9]{10}) and `alternativeIdentifier` (a replacement CPR, 10 characters). */
  cpr?: string;
  alternativeIdentifier?: string;
  surname: string;
  given?: string;
  /** XDIS91 only (the XBIN01 patient has names and number only). */
  streetName?: string;
  suburbName?: string;
  districtName?: string;
  postCode?: string;
  occupancyText?: string;
  /** Mandatory in XDIS91, absent in XBIN01. */
  episodeOfCareStatus?: EpisodeOfCareStatusCode;
}

export type ObjectCode =
  "tekstfil" | "billede" | "program" | "vektor_grafik" | "biosignaler" | "multimedie" | "proprietaert_indhold";

/** GeneralTypes.xsd's ObjectExtensionCode enumeration. */
export type ObjectExtensionCode = string;

/** An XDIS91 `Reference/BIN`: the attachment travels in an XBIN01 with the same UUID (here without hyphens). */
export interface BinReference {
  objectIdentifier: string;
  objectCode: ObjectCode;
  extensionCode: ObjectExtensionCode;
  originalSize: number;
}

export type OioReference =
  | { description: string; url: string }
  | { description: string; sup: true }
  | { description: string; bin: BinReference };

export interface Xdis91 {
  kind: "xdis91";
  envelope: OioEnvelope;
  letter: {
    identifier: string;
    versionCode: "XD9134L";
    statisticalCode: string;
    authorisation: LocalDateTime;
    statusCode: "nytbrev" | "rettetbrev";
    /** 1..35; a UUID written without hyphens in practice. */
    episodeOfCareIdentifier?: string;
  };
  sender: OioParty;
  receiver: OioParty;
  patient: OioPatient;
  priority?: "rutine" | "høj_prioritet";
  subject?: string;
  /**
   * Each `ClinicalInformation/Text01` block (0..10) as text: `<Break/>` is a line feed, `<Space/>` a space, the other
   * formatting elements (Bold, Italic, Underline, Right, Center, FixedFont) keep only their text (LEGACY.md §10.2).
   */
  clinicalInformation: string[];
  /** 0..10. */
  references: OioReference[];
}

export interface BinaryObject {
  /** A UUID with hyphens (the XDIS91 reference carries it without). */
  objectIdentifier: string;
  objectCode: ObjectCode;
  extensionCode: ObjectExtensionCode;
  originalSize: number;
  /** `Object_Base64Encoded` with whitespace removed. */
  base64: string;
}

export interface Xbin01 {
  kind: "xbin01";
  envelope: OioEnvelope;
  letter: {
    identifier: string;
    versionCode: "XB0131X";
    statisticalCode: string;
    authorisation: LocalDateTime;
    statusCode: "nytbrev";
  };
  sender: OioParty;
  receiver: OioParty;
  /** Either a patient or SystemInformation (non-patient content, with an optional `Contents` 1..70). */
  patient?: OioPatient;
  systemInformation?: { contents?: string };
  /** 1..10. */
  objects: BinaryObject[];
}

export type RefuseCode =
  "ikke_specificeret" | "ukendt_lokationsnummer" | "problem_med_modtagerID" | "problem_med_version" | "syntaksfejl";

/** A negative receipt's reason, at envelope or letter level (XCTL01/XCTL02 only). */
export interface Refusal {
  code?: RefuseCode;
  /** BreakableText: `<Break/>` as a line feed. */
  text?: string;
}

export interface ReceiptedLetter {
  identifier: string;
  /** e.g. XD9134L, XB0131X (1..7). */
  versionCode: string;
  refusal?: Refusal;
}

export const XCTL_VERSION = { xctl01: "XC0130Q", xctl02: "XC0230Q", xctl03: "XC0330Q" } as const;

export interface Xctl {
  kind: "xctl01" | "xctl02" | "xctl03";
  /** The namespace it was read in (written always in OioNamespace.xctl). */
  namespace?: string;
  envelope: OioEnvelope;
  letter: { identifier: string; versionCode: string; statisticalCode: string };
  /** GLN of the party issuing the receipt, and of the one it goes to (the receipted letter's sender). */
  sender: string;
  receiver: string;
  original: {
    envelopeIdentifier: string;
    sender: string;
    receiver: string;
    /** Envelope-level refusal (negative receipts only). */
    refusal?: Refusal;
    /** 0..99. */
    letters: ReceiptedLetter[];
  };
}

export type OioxmlDocument = Xdis91 | Xbin01 | Xctl;
