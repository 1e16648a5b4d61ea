// Types shared by the three schema sets (EMessage.xsd, GeneralTypes.xsd, GeneralElements.xsd, Sender.xsd,
// Receiver.xsd, Patient.xsd, FormattedText.xsd). Where the 2012/03/28 set (XBIN01) differs from 2006/07/01 (XDIS91)
// the difference is a parameter: IdentifierCode without `amt`, PostCodeIdentifier with minLength 0.
import { ACKNOWLEDGEMENT_CODES, MEDICAL_SPECIALITY_CODES } from "./codes.js";
import {
  type ComplexType,
  type ContentType,
  type EmptyType,
  type MixedType,
  type Particle,
  choice,
  element,
  enumeration,
  fixed,
  optional,
  sequence,
  text,
} from "./schema.js";
import { cprType, dateType, timeType } from "./simple-types.js";

export const dateTimeType = sequence(
  "DateTimeType (GeneralTypes.xsd)",
  element("Date", dateType),
  element("Time", timeType),
);

export const acknowledgementCodeType = enumeration("AcknowledgementCodeType (ValueLists.xsd)", ACKNOWLEDGEMENT_CODES);

export const envelopeType = sequence(
  "EnvelopeType (EMessage.xsd)",
  element("Sent", dateTimeType),
  element("Identifier", text(1, 14)),
  element("AcknowledgementCode", acknowledgementCodeType),
);

/** Emessage (EMessage.xsd) with its one letter: the XSD allows several; every MedCom letter seen has one (§2.1). */
export function emessageType(letter: string, letterType: ContentType): ComplexType {
  return sequence(
    "Emessage (EMessage.xsd; the gateway reads one letter per Emessage)",
    element("Envelope", envelopeType),
    element(letter, letterType),
    optional("Local_Elements", { kind: "any" }),
  );
}

/**
 * The elements every letter's Letter starts with (LetterType of each format's XSD, LEGACY.md §2.3, §4): Identifier,
 * the format's fixed VersionCode and StatisticalCode; with a TypeCode (XDIS91, XBIN01) also Authorisation and the
 * fixed TypeCode. `letterType` and `file` name the XSD type in problems, e.g. "ClinicalEmailLetterType",
 * "ClinicalEmail.xsd".
 */
export function letterHead(letterType: string, file: string, version: string, typeCode?: string): Particle[] {
  const head = [
    element("Identifier", text(1, 14)),
    element("VersionCode", fixed(`${letterType}'s VersionCode (${file})`, version, "oioxml-version")),
    element("StatisticalCode", text(1, 8)),
  ];
  if (typeCode === undefined) return head;
  return [
    ...head,
    element("Authorisation", dateTimeType),
    element("TypeCode", fixed(`${letterType}'s TypeCode (${file})`, typeCode)),
  ];
}

export const medicalSpecialityType = enumeration(
  "MedicalSpecialityCodeType (ValueLists.xsd)",
  MEDICAL_SPECIALITY_CODES,
);
const string35 = text(1, 35);

export interface PartyOptions {
  xsd: string;
  identifierCodes: readonly string[];
  /** Sender: OrganisationName required; TelephoneSubscriberIdentifier and MedicalSpecialityCode allowed. */
  sender: boolean;
  /** PostCodeIdentifier's minLength: 1 in 2006/07/01, 0 in 2012/03/28. */
  postCodeMin: 0 | 1;
}

/** SenderNoContactType / BinaryLetterSenderType / ReceiverType. */
export function partyType(o: PartyOptions): ComplexType {
  const tail = o.sender
    ? [optional("TelephoneSubscriberIdentifier", text(1, 25)), optional("MedicalSpecialityCode", medicalSpecialityType)]
    : [];
  return sequence(
    o.xsd,
    element("EANIdentifier", text(1, 35, "EANIdentifierType (String_1_35, GeneralTypes.xsd)")),
    element("Identifier", text(1, 17)),
    element("IdentifierCode", enumeration("IdentifierCodeType (ValueLists.xsd)", o.identifierCodes)),
    element("OrganisationName", string35, o.sender ? 1 : 0),
    optional("DepartmentName", string35),
    optional("UnitName", string35),
    optional("StreetName", string35),
    optional("SuburbName", string35),
    optional("DistrictName", string35),
    optional(
      "PostCodeIdentifier",
      text(o.postCodeMin, 9, `PostCodeIdentifier (${o.postCodeMin}..9, GeneralElements.xsd)`),
    ),
    ...tail,
  );
}

/** The patient's number: CivilRegistrationNumber or AlternativeIdentifier (AlternativeCprType, length 10). */
export const patientNumber = choice(
  1,
  element("CivilRegistrationNumber", cprType),
  element("AlternativeIdentifier", text(10, 10, "AlternativeCprType (GeneralTypes.xsd)")),
);

/** CTRLSenderType / CTRLReceiverType (the receipts): the GLN only. */
export const glnOnlyType = sequence(
  "CTRLSenderType (Sender.xsd)",
  element("EANIdentifier", text(1, 35, "EANIdentifierType (String_1_35, GeneralTypes.xsd)")),
);

const emptyType: EmptyType = { kind: "empty", xsd: "Break/Space (FormattedText.xsd)" };

export const breakableTextType: MixedType = {
  kind: "mixed",
  xsd: "BreakableText (FormattedText.xsd)",
  allowed: () => ({ Space: emptyType, Break: emptyType }),
};

const simpleFormattedTextType: MixedType = {
  kind: "mixed",
  xsd: "SimpleFormattedText (FormattedText.xsd)",
  allowed: () => ({
    Space: emptyType,
    Break: emptyType,
    Right: breakableTextType,
    Center: breakableTextType,
    Bold: breakableTextType,
    Italic: breakableTextType,
    Underline: breakableTextType,
  }),
};

export const formattedTextType: MixedType = {
  kind: "mixed",
  xsd: "FormattedTextType (FormattedText.xsd)",
  allowed: () => ({ ...simpleFormattedTextType.allowed(), FixedFont: simpleFormattedTextType }),
};
