// FHIR R4 general-purpose data types: element order, type and whether the element repeats, as the R4 specification
// defines them (hl7.org/fhir/R4/datatypes.html). Resources' own elements come from resources.json, derived from the
// published MedCom profile snapshots by scripts/derive-fhir-elements.ts. `id` and `extension` of every element are
// implied (id is an XML attribute on elements); backbone types also take `modifierExtension`.

/** [element name, type, repeats]; a choice element is named `value[x]` with its allowed types joined by `|`. */
export type DatatypeRow = readonly [string, string, boolean];

const QUANTITY: DatatypeRow[] = [
  ["value", "decimal", false],
  ["comparator", "code", false],
  ["unit", "string", false],
  ["system", "uri", false],
  ["code", "code", false],
];

export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set([
  "boolean",
  "integer",
  "string",
  "decimal",
  "uri",
  "url",
  "canonical",
  "base64Binary",
  "instant",
  "date",
  "dateTime",
  "time",
  "code",
  "oid",
  "id",
  "markdown",
  "unsignedInt",
  "positiveInt",
  "uuid",
  "xhtml",
]);

/** Primitive types written as JSON numbers or booleans; every other primitive is a JSON string. */
export const JSON_NUMBER_TYPES: ReadonlySet<string> = new Set(["integer", "decimal", "unsignedInt", "positiveInt"]);
export const JSON_BOOLEAN_TYPES: ReadonlySet<string> = new Set(["boolean"]);

/** Types that may stand in `value[x]` of an Extension (R4 open type list). */
const OPEN_TYPES =
  "base64Binary|boolean|canonical|code|date|dateTime|decimal|id|instant|integer|markdown|oid|positiveInt|string|time|unsignedInt|uri|url|uuid|Address|Age|Annotation|Attachment|CodeableConcept|Coding|ContactPoint|Count|Distance|Duration|HumanName|Identifier|Money|Period|Quantity|Range|Ratio|Reference|SampledData|Signature|Timing|ContactDetail|Contributor|DataRequirement|Expression|ParameterDefinition|RelatedArtifact|TriggerDefinition|UsageContext|Dosage|Meta";

export const DATATYPES: Readonly<Record<string, readonly DatatypeRow[]>> = {
  Extension: [
    ["url", "uri", false],
    ["value[x]", OPEN_TYPES, false],
  ],
  Narrative: [
    ["status", "code", false],
    ["div", "xhtml", false],
  ],
  Meta: [
    ["versionId", "id", false],
    ["lastUpdated", "instant", false],
    ["source", "uri", false],
    ["profile", "canonical", true],
    ["security", "Coding", true],
    ["tag", "Coding", true],
  ],
  Coding: [
    ["system", "uri", false],
    ["version", "string", false],
    ["code", "code", false],
    ["display", "string", false],
    ["userSelected", "boolean", false],
  ],
  CodeableConcept: [
    ["coding", "Coding", true],
    ["text", "string", false],
  ],
  Identifier: [
    ["use", "code", false],
    ["type", "CodeableConcept", false],
    ["system", "uri", false],
    ["value", "string", false],
    ["period", "Period", false],
    ["assigner", "Reference", false],
  ],
  Reference: [
    ["reference", "string", false],
    ["type", "uri", false],
    ["identifier", "Identifier", false],
    ["display", "string", false],
  ],
  Period: [
    ["start", "dateTime", false],
    ["end", "dateTime", false],
  ],
  HumanName: [
    ["use", "code", false],
    ["text", "string", false],
    ["family", "string", false],
    ["given", "string", true],
    ["prefix", "string", true],
    ["suffix", "string", true],
    ["period", "Period", false],
  ],
  ContactPoint: [
    ["system", "code", false],
    ["value", "string", false],
    ["use", "code", false],
    ["rank", "positiveInt", false],
    ["period", "Period", false],
  ],
  Address: [
    ["use", "code", false],
    ["type", "code", false],
    ["text", "string", false],
    ["line", "string", true],
    ["city", "string", false],
    ["district", "string", false],
    ["state", "string", false],
    ["postalCode", "string", false],
    ["country", "string", false],
    ["period", "Period", false],
  ],
  Attachment: [
    ["contentType", "code", false],
    ["language", "code", false],
    ["data", "base64Binary", false],
    ["url", "url", false],
    ["size", "unsignedInt", false],
    ["hash", "base64Binary", false],
    ["title", "string", false],
    ["creation", "dateTime", false],
  ],
  Quantity: QUANTITY,
  Age: QUANTITY,
  Count: QUANTITY,
  Distance: QUANTITY,
  Duration: QUANTITY,
  SimpleQuantity: QUANTITY,
  MoneyQuantity: QUANTITY,
  Money: [
    ["value", "decimal", false],
    ["currency", "code", false],
  ],
  Range: [
    ["low", "Quantity", false],
    ["high", "Quantity", false],
  ],
  Ratio: [
    ["numerator", "Quantity", false],
    ["denominator", "Quantity", false],
  ],
  SampledData: [
    ["origin", "Quantity", false],
    ["period", "decimal", false],
    ["factor", "decimal", false],
    ["lowerLimit", "decimal", false],
    ["upperLimit", "decimal", false],
    ["dimensions", "positiveInt", false],
    ["data", "string", false],
  ],
  Annotation: [
    ["author[x]", "Reference|string", false],
    ["time", "dateTime", false],
    ["text", "markdown", false],
  ],
  Signature: [
    ["type", "Coding", true],
    ["when", "instant", false],
    ["who", "Reference", false],
    ["onBehalfOf", "Reference", false],
    ["targetFormat", "code", false],
    ["sigFormat", "code", false],
    ["data", "base64Binary", false],
  ],
  ContactDetail: [
    ["name", "string", false],
    ["telecom", "ContactPoint", true],
  ],
  Contributor: [
    ["type", "code", false],
    ["name", "string", false],
    ["contact", "ContactDetail", true],
  ],
  Expression: [
    ["description", "string", false],
    ["name", "id", false],
    ["language", "code", false],
    ["expression", "string", false],
    ["reference", "uri", false],
  ],
  ParameterDefinition: [
    ["name", "code", false],
    ["use", "code", false],
    ["min", "integer", false],
    ["max", "string", false],
    ["documentation", "string", false],
    ["type", "code", false],
    ["profile", "canonical", false],
  ],
  RelatedArtifact: [
    ["type", "code", false],
    ["label", "string", false],
    ["display", "string", false],
    ["citation", "markdown", false],
    ["url", "url", false],
    ["document", "Attachment", false],
    ["resource", "canonical", false],
  ],
  UsageContext: [
    ["code", "Coding", false],
    ["value[x]", "CodeableConcept|Quantity|Range|Reference", false],
  ],
};

/** Backbone data types carry `modifierExtension` after `extension`. */
export const BACKBONE_DATATYPES: ReadonlySet<string> = new Set(["Timing", "Dosage", "ElementDefinition"]);
