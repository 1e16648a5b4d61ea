// The model (model.ts) from a document that passed the table's checks: every required element is there and every
// code is one of its list, so this only reads. Simple values are as written, apart from the XSD types that collapse
// white space (dates, booleans, integers) and base64, whose white space is removed (BinaryLetter.xsd is xs:string).
import { textOf } from "./check.js";
import { formattedText } from "./formatted-text.js";
import type {
  BinaryObject,
  LocalDateTime,
  OioEnvelope,
  OioParty,
  OioPatient,
  OioReference,
  ReceiptedLetter,
  Refusal,
  Xbin01,
  Xctl,
  Xdis91,
} from "./model.js";
import type { OioElement } from "./namespaces.js";
import { stripWhitespace, trimXml } from "./simple-types.js";

function children(el: OioElement, name: string): OioElement[] {
  const found: OioElement[] = [];
  for (const child of el.children) if (!("text" in child) && child.name === name) found.push(child);
  return found;
}

function child(el: OioElement, name: string): OioElement | undefined {
  for (const c of el.children) if (!("text" in c) && c.name === name) return c;
  return undefined;
}

/** A required child (present: the checker said so). */
function must(el: OioElement, name: string): OioElement {
  const found = child(el, name);
  if (found === undefined) throw new Error(`OIOXML build: ${name} missing after the checks passed`);
  return found;
}

const value = (el: OioElement, name: string): string => textOf(must(el, name));

function optionalValue(el: OioElement, name: string): string | undefined {
  const found = child(el, name);
  return found === undefined ? undefined : textOf(found);
}

/** Adds `key` only when there is a value, so optional fields are absent rather than `undefined` (deep equality). */
function put<T extends object, K extends keyof T>(target: T, key: K, v: T[K] | undefined): void {
  if (v !== undefined) target[key] = v;
}

function dateTime(el: OioElement): LocalDateTime {
  return { date: trimXml(value(el, "Date")), time: value(el, "Time") };
}

function envelope(emessage: OioElement): OioEnvelope {
  const env = must(emessage, "Envelope");
  return {
    sent: dateTime(must(env, "Sent")),
    identifier: value(env, "Identifier"),
    acknowledgementCode: value(env, "AcknowledgementCode") as OioEnvelope["acknowledgementCode"],
  };
}

const PARTY_FIELDS = [
  ["organisationName", "OrganisationName"],
  ["departmentName", "DepartmentName"],
  ["unitName", "UnitName"],
  ["streetName", "StreetName"],
  ["suburbName", "SuburbName"],
  ["districtName", "DistrictName"],
  ["postCode", "PostCodeIdentifier"],
  ["telephone", "TelephoneSubscriberIdentifier"],
  ["medicalSpecialityCode", "MedicalSpecialityCode"],
] as const;

function party(el: OioElement): OioParty {
  const p: OioParty = {
    ean: value(el, "EANIdentifier"),
    identifier: value(el, "Identifier"),
    identifierCode: value(el, "IdentifierCode") as OioParty["identifierCode"],
  };
  for (const [key, name] of PARTY_FIELDS) put(p, key, optionalValue(el, name));
  return p;
}

const PATIENT_FIELDS = [
  ["given", "PersonGivenName"],
  ["streetName", "StreetName"],
  ["suburbName", "SuburbName"],
  ["districtName", "DistrictName"],
  ["postCode", "PostCodeIdentifier"],
  ["occupancyText", "OccupancyText"],
] as const;

function patient(el: OioElement): OioPatient {
  const p = {} as OioPatient;
  put(p, "cpr", optionalValue(el, "CivilRegistrationNumber"));
  put(p, "alternativeIdentifier", optionalValue(el, "AlternativeIdentifier"));
  p.surname = value(el, "PersonSurnameName");
  for (const [key, name] of PATIENT_FIELDS) put(p, key, optionalValue(el, name));
  put(p, "episodeOfCareStatus", optionalValue(el, "EpisodeOfCareStatusCode") as OioPatient["episodeOfCareStatus"]);
  return p;
}

const size = (el: OioElement): number => Number(trimXml(value(el, "OriginalObjectSize")));

function reference(el: OioElement): OioReference {
  const description = value(el, "RefDescription");
  const url = optionalValue(el, "URL");
  if (url !== undefined) return { description, url };
  const bin = child(el, "BIN");
  if (bin === undefined) return { description, sup: true };
  return {
    description,
    bin: {
      objectIdentifier: value(bin, "ObjectIdentifier"),
      objectCode: value(bin, "ObjectCode") as BinaryObject["objectCode"],
      extensionCode: value(bin, "ObjectExtensionCode"),
      originalSize: size(bin),
    },
  };
}

export function buildXdis91(emessage: OioElement): Xdis91 {
  const mail = must(emessage, "ClinicalEmail");
  const letterEl = must(mail, "Letter");
  const letter: Xdis91["letter"] = {
    identifier: value(letterEl, "Identifier"),
    versionCode: "XD9134L",
    statisticalCode: value(letterEl, "StatisticalCode"),
    authorisation: dateTime(must(letterEl, "Authorisation")),
    statusCode: value(letterEl, "StatusCode") as Xdis91["letter"]["statusCode"],
  };
  put(letter, "episodeOfCareIdentifier", optionalValue(letterEl, "EpisodeOfCareIdentifier"));
  const doc: Xdis91 = {
    kind: "xdis91",
    envelope: envelope(emessage),
    letter,
    sender: party(must(mail, "Sender")),
    receiver: party(must(mail, "Receiver")),
    patient: patient(must(mail, "Patient")),
    clinicalInformation: children(mail, "ClinicalInformation").map((ci) => formattedText(must(ci, "Text01"))),
    references: children(mail, "Reference").map(reference),
  };
  const additional = child(mail, "AdditionalInformation");
  if (additional !== undefined) {
    put(doc, "priority", optionalValue(additional, "Priority") as Xdis91["priority"]);
    put(doc, "subject", optionalValue(additional, "Subject"));
  }
  return doc;
}

export function buildXbin01(emessage: OioElement): Xbin01 {
  const binary = must(emessage, "BinaryLetter");
  const letterEl = must(binary, "Letter");
  const doc: Xbin01 = {
    kind: "xbin01",
    envelope: envelope(emessage),
    letter: {
      identifier: value(letterEl, "Identifier"),
      versionCode: "XB0131X",
      statisticalCode: value(letterEl, "StatisticalCode"),
      authorisation: dateTime(must(letterEl, "Authorisation")),
      statusCode: "nytbrev",
    },
    sender: party(must(binary, "Sender")),
    receiver: party(must(binary, "Receiver")),
    objects: children(binary, "BinaryObject").map((o) => ({
      objectIdentifier: value(o, "ObjectIdentifier"),
      objectCode: value(o, "ObjectCode") as BinaryObject["objectCode"],
      extensionCode: value(o, "ObjectExtensionCode"),
      originalSize: size(o),
      base64: stripWhitespace(value(o, "Object_Base64Encoded")),
    })),
  };
  const patientEl = child(binary, "Patient");
  if (patientEl !== undefined) doc.patient = patient(patientEl);
  else {
    const contents = optionalValue(binary, "Contents");
    doc.systemInformation = contents === undefined ? {} : { contents };
  }
  return doc;
}

function refusal(el: OioElement): Refusal | undefined {
  const code = optionalValue(el, "RefuseCode") as Refusal["code"];
  const textEl = child(el, "RefuseText");
  if (code === undefined && textEl === undefined) return undefined;
  const r: Refusal = {};
  put(r, "code", code);
  if (textEl !== undefined) r.text = formattedText(textEl);
  return r;
}

const GLN = (el: OioElement, name: string): string => value(must(el, name), "EANIdentifier");

export function buildXctl(emessage: OioElement, kind: Xctl["kind"], root: string, ns: string): Xctl {
  const receipt = must(emessage, root);
  const letterEl = must(receipt, "Letter");
  const original = must(receipt, "OriginalEmessage");
  const letters = children(original, "OriginalLetter").map((l) => {
    const r: ReceiptedLetter = {
      identifier: value(l, "OriginalLetterIdentifier"),
      versionCode: value(l, "OriginalVersionCode"),
    };
    put(r, "refusal", refusal(l));
    return r;
  });
  const originalModel: Xctl["original"] = {
    envelopeIdentifier: value(original, "OriginalEnvelopeIdentifier"),
    sender: GLN(original, "OriginalSender"),
    receiver: GLN(original, "OriginalReceiver"),
    letters,
  };
  put(originalModel, "refusal", refusal(original));
  return {
    kind,
    namespace: ns,
    envelope: envelope(emessage),
    letter: {
      identifier: value(letterEl, "Identifier"),
      versionCode: value(letterEl, "VersionCode"),
      statisticalCode: value(letterEl, "StatisticalCode"),
    },
    sender: GLN(receipt, "Sender"),
    receiver: GLN(receipt, "Receiver"),
    original: originalModel,
  };
}
