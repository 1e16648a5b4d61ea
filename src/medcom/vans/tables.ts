// VANSEnvelope 1.0.4 as a declarative table (LEGACY.md §5.1), walked by the OIOXML checker (oioxml/check.ts): element
// order, cardinality, the choices Message | Receipt and NegativeVans | NegativeMessage | PositiveMessage, facets and
// the attributes @EndPointType and ServiceTag/@name. No official XSD file exists to test against (LEGACY.md §0).
import { choice, element, optional, sequence, withAttributes } from "../oioxml/schema.js";
import {
  base64DataType,
  booleanType,
  dateTimeType,
  endPointIdType,
  endPointTypeType,
  errorCodeType,
  formatType,
  sizeType,
  transportTypeType,
  vansText,
  vansUuidType,
} from "./types.js";

const X = "VANSEnvelope 1.0.4";

const endPoint = (name: string) =>
  withAttributes(element(name, endPointIdType), { name: "EndPointType", type: endPointTypeType, required: true });

const metaInformationType = sequence(
  `MetaInformation (${X})`,
  element("Identifier", vansUuidType),
  optional(
    "Processing",
    sequence(
      `Processing (${X})`,
      element("ProviderIdentifier", vansText(1, 255, "ProviderIdentifier")),
      element("ServiceIdentifier", vansText(1, 255, "ServiceIdentifier")),
    ),
  ),
  element(
    "Document",
    sequence(
      `Document (${X})`,
      element("Format", formatType),
      element("Name", vansText(1, 255, "Document/Name")),
      optional("Version", vansText(1, 255, "Document/Version")),
      element("SizeInBytes", sizeType),
    ),
  ),
  optional(
    "Transport",
    sequence(
      `Transport (${X})`,
      optional("Type", transportTypeType),
      element("TransformMessage", booleanType),
      withAttributes(element("ServiceTag", vansText(1, 70, "ServiceTag"), 0, 5), {
        name: "name",
        type: vansText(1, 70, "ServiceTag/@name"),
        required: true,
      }),
    ),
  ),
);

const errorType = sequence(
  `Error (${X})`,
  optional("Code", errorCodeType),
  element("Description", vansText(1, 512, "Error/Description")),
);

const receiptBody = (name: string, withError: boolean, originalRequired: boolean) =>
  element(
    name,
    sequence(
      `${name} (${X})`,
      ...(withError ? [element("Error", errorType)] : []),
      element("OriginalEnvelopeIdentifier", vansUuidType),
      element("OriginalMessage", metaInformationType, originalRequired ? 1 : 0),
    ),
  );

export const vansEnvelopeType = sequence(
  `VANSEnvelope (${X})`,
  endPoint("SenderID"),
  endPoint("ReceiverID"),
  element("EnvelopeIdentifier", vansUuidType),
  element("SentDateTime", dateTimeType),
  choice(
    1,
    element(
      "Message",
      sequence(`Message (${X})`, element("MetaInformation", metaInformationType), element("Data", base64DataType)),
    ),
    element(
      "Receipt",
      sequence(
        `Receipt (${X})`,
        choice(
          1,
          receiptBody("NegativeVans", true, false),
          receiptBody("NegativeMessage", true, true),
          receiptBody("PositiveMessage", false, true),
        ),
      ),
    ),
  ),
);
