// The vocabulary of the declarative tables (tables-*.ts) that describe MedCom's OIOXML schemas, and the simple types
// with the checks the XSDs make on them (facets, patterns, enumerations). Each check is a linear scan of the value:
// no regular expression that can backtrack on input (project rule). A message names the XSD type it enforces.

/** What is wrong with a value: an issue code (`oioxml-*`) and a sentence without the value for free text. */
export interface Problem {
  code: string;
  message: string;
}

export interface SimpleType {
  kind: "simple";
  /** The XSD type (and file) cited in messages, e.g. `String_1_70 (GeneralTypes.xsd)`. */
  xsd: string;
  /** `collapse` for XSD types derived from xs:date, xs:boolean, xs:positiveInteger: surrounding white space is ignored. */
  whitespace: "preserve" | "collapse";
  /** `name` is the element's name, for the message. */
  check(value: string, name: string): Problem | undefined;
}

/** Element-only content: an XSD sequence of element declarations and choices. */
export interface ComplexType {
  kind: "complex";
  xsd: string;
  content: readonly Particle[];
}

/** Mixed content (FormattedText.xsd): text with the named formatting elements, each with its own type. */
export interface MixedType {
  kind: "mixed";
  xsd: string;
  allowed: () => Readonly<Record<string, MixedType | EmptyType>>;
}

/** `<xs:complexType/>`: no content at all (Break, Space). */
export interface EmptyType {
  kind: "empty";
  xsd: string;
}

/** `xs:anyType` (Local_Elements): anything, not looked into and not read. */
export interface AnyType {
  kind: "any";
}

export type ContentType = SimpleType | ComplexType | MixedType | EmptyType | AnyType;

export interface ElementDecl {
  name: string;
  type: ContentType;
  min: 0 | 1;
  max: number;
  /** Unqualified attributes the element may carry (VANSEnvelope's @EndPointType, LEGACY.md §5.1); OIOXML has none. */
  attributes?: readonly AttributeDecl[];
}

/** An unqualified attribute with a simple type; `required` as the XSD's use="required". */
export interface AttributeDecl {
  name: string;
  type: SimpleType;
  required: boolean;
}

/** A choice between sequences (a branch of one element is a sequence of one); `min: 0` makes the choice optional. */
export interface ChoiceDecl {
  choice: readonly (readonly ElementDecl[])[];
  min: 0 | 1;
}

export type Particle = ElementDecl | ChoiceDecl;

export const element = (name: string, type: ContentType, min: 0 | 1 = 1, max = 1): ElementDecl => ({
  name,
  type,
  min,
  max,
});
/** The declaration with attributes (an xs:simpleContent extension, as VANSEnvelope's SenderID and ServiceTag). */
export const withAttributes = (decl: ElementDecl, ...attributes: AttributeDecl[]): ElementDecl => ({
  ...decl,
  attributes,
});
export const optional = (name: string, type: ContentType, max = 1): ElementDecl => element(name, type, 0, max);
export const sequence = (xsd: string, ...content: Particle[]): ComplexType => ({ kind: "complex", xsd, content });
export const choice = (min: 0 | 1, ...branches: (ElementDecl | readonly ElementDecl[])[]): ChoiceDecl => ({
  choice: branches.map((b) => ("name" in b ? [b] : b)),
  min,
});

/** XSD length facets count characters (code points), not UTF-16 units. */
export function characterCount(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** xs:string with minLength/maxLength (String_1_14, String_1_35 …). */
export function text(min: number, max: number, xsd = `String_${min}_${max} (GeneralTypes.xsd)`): SimpleType {
  return {
    kind: "simple",
    xsd,
    whitespace: "preserve",
    check(value, name) {
      const n = characterCount(value);
      if (n >= min && n <= max) return undefined;
      const allowed = min === max ? `exactly ${min}` : `${min} to ${max}`;
      return { code: "oioxml-length", message: `${name} has ${n} characters; ${xsd} allows ${allowed}.` };
    },
  };
}

/** xs:string without facets (Object_Base64Encoded is checked as base64 by its own type). */
export const anyText: SimpleType = { kind: "simple", xsd: "xs:string", whitespace: "preserve", check: () => undefined };

/** An xs:string enumeration; values are codes, so the message may show them. */
export function enumeration(xsd: string, values: readonly string[]): SimpleType {
  const allowed = new Set(values);
  return {
    kind: "simple",
    xsd,
    whitespace: "preserve",
    check(value, name) {
      if (allowed.has(value)) return undefined;
      const list = values.length <= 12 ? `: ${values.join(", ")}` : ` (${values.length} codes)`;
      return {
        code: "oioxml-enumeration",
        message: `${name} ${shownCode(value)} is not a value of ${xsd}${list}.`,
      };
    },
  };
}

/** A value fixed by an `xs:pattern` restriction (VersionCode XD9134L, TypeCode XDIS91 …). */
export function fixed(xsd: string, expected: string, code = "oioxml-pattern"): SimpleType {
  return {
    kind: "simple",
    xsd,
    whitespace: "preserve",
    check(value, name) {
      if (value === expected) return undefined;
      return { code, message: `${name} is ${shownCode(value)}; ${xsd} allows only ${expected}.` };
    },
  };
}

/** A code for a message: quoted, cut at 40 characters (codes are short; anything longer is not a code). */
export const shownCode = (value: string): string =>
  JSON.stringify(characterCount(value) > 40 ? `${[...value].slice(0, 40).join("")}…` : value);
