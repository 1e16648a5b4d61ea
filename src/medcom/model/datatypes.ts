// FHIR R4 data types in their JSON shape: the one typed model every MedCom message is read into and written from.
// Only the elements MedCom messages use are named; anything else a sender adds is kept at run time (R-Tek-C: extra
// content is ignored, not rejected) and carried through a round trip untouched.

/** `_element` companions of primitives (id and extensions on a primitive value). */
export interface PrimitiveElement {
  id?: string;
  extension?: Extension[];
}

export interface Element {
  id?: string;
  extension?: Extension[];
}

export interface Extension extends Element {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueDateTime?: string;
  valueInstant?: string;
  valueUri?: string;
  valueCoding?: Coding;
  valueCodeableConcept?: CodeableConcept;
  valueIdentifier?: Identifier;
  valueReference?: Reference;
  valueContactPoint?: ContactPoint;
  valuePeriod?: Period;
}

export interface Meta extends Element {
  versionId?: string;
  lastUpdated?: string;
  source?: string;
  profile?: string[];
  security?: Coding[];
  tag?: Coding[];
}

export interface Narrative extends Element {
  status: "generated" | "extensions" | "additional" | "empty";
  /** XHTML as a string (`<div xmlns="http://www.w3.org/1999/xhtml">…</div>`), as in FHIR JSON. */
  div: string;
}

export interface Coding extends Element {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
  userSelected?: boolean;
}

export interface CodeableConcept extends Element {
  coding?: Coding[];
  text?: string;
}

export interface Period extends Element {
  start?: string;
  end?: string;
}

export interface Identifier extends Element {
  use?: "usual" | "official" | "temp" | "secondary" | "old";
  type?: CodeableConcept;
  system?: string;
  value?: string;
  period?: Period;
  assigner?: Reference;
}

export interface Reference extends Element {
  reference?: string;
  type?: string;
  identifier?: Identifier;
  display?: string;
}

export interface HumanName extends Element {
  use?: "usual" | "official" | "temp" | "nickname" | "anonymous" | "old" | "maiden";
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
  suffix?: string[];
  period?: Period;
}

export interface ContactPoint extends Element {
  system?: "phone" | "fax" | "email" | "pager" | "url" | "sms" | "other";
  value?: string;
  use?: "home" | "work" | "temp" | "old" | "mobile";
  rank?: number;
  period?: Period;
}

export interface Address extends Element {
  use?: string;
  type?: string;
  text?: string;
  line?: string[];
  city?: string;
  district?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  period?: Period;
}

export interface Attachment extends Element {
  contentType?: string;
  language?: string;
  /** base64 */
  data?: string;
  url?: string;
  size?: number;
  hash?: string;
  title?: string;
  creation?: string;
}
