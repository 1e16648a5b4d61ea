// XBIN01, BinaryLetter XB0131X (2012/03/28: BinaryLetter.xsd, GeneralElements.xsd; LEGACY.md §3).
import { IDENTIFIER_CODES_XBIN01, OBJECT_EXTENSION_CODES_XBIN01, VERSION_CODES } from "./codes.js";
import { choice, element, enumeration, fixed, optional, sequence, text } from "./schema.js";
import { base64Type, positiveIntegerType, trueType, uuidType } from "./simple-types.js";
import { emessageType, letterHead, partyType, patientNumber } from "./tables-common.js";
import { objectCodeType } from "./tables-xdis91.js";

const letterType = sequence(
  "BinaryLetterLetterType (BinaryLetter.xsd)",
  ...letterHead("BinaryLetterLetterType", "BinaryLetter.xsd", VERSION_CODES.xbin01, "XBIN01"),
  element("StatusCode", fixed("BinaryLetterLetterType's StatusCode (BinaryLetter.xsd)", "nytbrev")),
);

const patientType = sequence(
  "BinaryLetterPatientType (BinaryLetter.xsd)",
  patientNumber,
  element("PersonSurnameName", text(1, 70)),
  optional("PersonGivenName", text(1, 70)),
);

const binaryObjectType = sequence(
  "BinaryLetterType's BinaryObject (BinaryLetter.xsd)",
  element("ObjectIdentifier", uuidType),
  element("ObjectCode", objectCodeType),
  element(
    "ObjectExtensionCode",
    enumeration("ObjectExtensionCodeType (2012/03/28 GeneralTypes.xsd)", OBJECT_EXTENSION_CODES_XBIN01),
  ),
  element("OriginalObjectSize", positiveIntegerType),
  element("Object_Base64Encoded", base64Type),
);

const binaryLetterType = sequence(
  "BinaryLetterType (BinaryLetter.xsd)",
  element("Letter", letterType),
  element(
    "Sender",
    partyType({
      xsd: "BinaryLetterSenderType (BinaryLetter.xsd)",
      identifierCodes: IDENTIFIER_CODES_XBIN01,
      sender: true,
      postCodeMin: 0,
    }),
  ),
  element(
    "Receiver",
    partyType({
      xsd: "ReceiverType (2012/03/28 Receiver.xsd)",
      identifierCodes: IDENTIFIER_CODES_XBIN01,
      sender: false,
      postCodeMin: 0,
    }),
  ),
  choice(1, element("Patient", patientType), [
    element("SystemInformation", trueType),
    optional("Contents", text(1, 70)),
  ]),
  element("BinaryObject", binaryObjectType, 1, 10),
);

export const xbin01Emessage = emessageType("BinaryLetter", binaryLetterType);
