// XDIS91, ClinicalEmail XD9134L (2006/07/01: ClinicalEmail.xsd, Reference.xsd, Patient.xsd; LEGACY.md §2.1).
import {
  EPISODE_OF_CARE_STATUS_CODES,
  IDENTIFIER_CODES,
  OBJECT_CODES,
  OBJECT_EXTENSION_CODES,
  PRIORITIES,
  STATUS_CODES,
  VERSION_CODES,
} from "./codes.js";
import { choice, element, enumeration, optional, sequence, text } from "./schema.js";
import { positiveIntegerType, trueType } from "./simple-types.js";
import { emessageType, formattedTextType, letterHead, partyType, patientNumber } from "./tables-common.js";

const string35 = text(1, 35);
const string70 = text(1, 70);

const letterType = sequence(
  "ClinicalEmailLetterType (ClinicalEmail.xsd)",
  ...letterHead("ClinicalEmailLetterType", "ClinicalEmail.xsd", VERSION_CODES.xdis91, "XDIS91"),
  element("StatusCode", enumeration("StatusCodeType (LetterType.xsd)", STATUS_CODES)),
  optional("EpisodeOfCareIdentifier", string35),
);

const patientType = sequence(
  "PatientType (Patient.xsd)",
  patientNumber,
  element("PersonSurnameName", string70),
  optional("PersonGivenName", string70),
  optional("StreetName", string35),
  optional("SuburbName", string35),
  optional("DistrictName", string35),
  optional("PostCodeIdentifier", text(1, 9, "PostCodeIdentifier (1..9, GeneralElements.xsd)")),
  optional("OccupancyText", string35),
  element(
    "EpisodeOfCareStatusCode",
    enumeration("EpisodeOfCareStatusCode01Type (ValueLists.xsd)", EPISODE_OF_CARE_STATUS_CODES),
  ),
);

export const objectCodeType = enumeration("ObjectCodeType (GeneralTypes.xsd)", OBJECT_CODES);

const binType = sequence(
  "Reference/BIN (Reference.xsd)",
  element("ObjectIdentifier", string35),
  element("ObjectCode", objectCodeType),
  element("ObjectExtensionCode", enumeration("ObjectExtensionCodeType (GeneralTypes.xsd)", OBJECT_EXTENSION_CODES)),
  element("OriginalObjectSize", positiveIntegerType),
);

const referenceType = sequence(
  "Reference (Reference.xsd)",
  element("RefDescription", string70),
  choice(1, element("URL", text(1, 350)), element("SUP", trueType), element("BIN", binType)),
);

const clinicalEmailType = sequence(
  "ClinicalEmailType (ClinicalEmail.xsd)",
  element("Letter", letterType),
  element(
    "Sender",
    partyType({
      xsd: "SenderNoContactType (ClinicalEmail.xsd)",
      identifierCodes: IDENTIFIER_CODES,
      sender: true,
      postCodeMin: 1,
    }),
  ),
  element(
    "Receiver",
    partyType({ xsd: "ReceiverType (Receiver.xsd)", identifierCodes: IDENTIFIER_CODES, sender: false, postCodeMin: 1 }),
  ),
  element("Patient", patientType),
  optional(
    "AdditionalInformation",
    sequence(
      "ClinicalEmailType's AdditionalInformation (ClinicalEmail.xsd)",
      optional("Priority", enumeration("ClinicalEmailType's Priority (ClinicalEmail.xsd)", PRIORITIES)),
      optional("Subject", string70),
    ),
  ),
  optional(
    "ClinicalInformation",
    sequence("ClinicalInformationNotSignedType (ClinicalEmail.xsd)", element("Text01", formattedTextType)),
    10,
  ),
  optional("Reference", referenceType, 10),
);

export const xdis91Emessage = emessageType("ClinicalEmail", clinicalEmailType);
