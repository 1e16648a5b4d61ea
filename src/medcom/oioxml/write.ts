// Writing MedCom's OIOXML (LEGACY.md §2.3): the default namespace of the document's schema set, no prefixes, the
// XSDs' element order, ISO-8859-1 bytes with `<?xml version="1.0" encoding="ISO-8859-1"?>`. Characters outside
// Latin-1 (€, emoji, Greek …) are written as numeric character references, so no letter text is lost. Element-only
// content is indented for people reading the files; mixed content (Text01, RefuseText) never is, because white
// space there is text. `\n` in text is `<Break/>` (MedCom's mapping). Text XML cannot carry at all (a control character,
// an unpaired surrogate) makes it throw: the model is expected to hold XML text (FHIR strings are).
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import { textLines } from "./formatted-text.js";
import {
  type BinaryObject,
  type LocalDateTime,
  type OioEnvelope,
  type OioParty,
  type OioPatient,
  type OioReference,
  type OioxmlDocument,
  OioNamespace,
  type Refusal,
  type Xbin01,
  type Xctl,
  type Xdis91,
} from "./model.js";

/** An element to write: a value, element children, or mixed text (lines joined by `<Break/>`). */
type W = { n: string; v: string } | { n: string; c: (W | undefined)[] } | { n: string; lines: string };

const v = (n: string, value: string | number | undefined): W | undefined =>
  value === undefined ? undefined : { n, v: String(value) };
const c = (n: string, ...children: (W | undefined)[]): W => ({ n, c: children });

export function writeOioxml(doc: OioxmlDocument): Uint8Array {
  const [ns, letter] =
    doc.kind === "xdis91"
      ? [OioNamespace.xdis91, xdis91(doc)]
      : doc.kind === "xbin01"
        ? [OioNamespace.xbin01, xbin01(doc)]
        : [OioNamespace.xctl, xctl(doc)];
  const root = create({ version: "1.0", encoding: "ISO-8859-1" }).ele(ns, "Emessage");
  emitChildren(root, [envelope(doc.envelope), letter], 1);
  // The declaration on a line of its own, as in MedCom's examples.
  const xml = root.end({ prettyPrint: false, wellFormed: true }).replace("?><", "?>\n<");
  return latin1Bytes(xml);
}

function emit(parent: XMLBuilder, w: W, depth: number): void {
  const el = parent.ele(w.n);
  if ("v" in w) el.txt(forBuilder(w.v));
  else if ("c" in w) emitChildren(el, w.c, depth + 1);
  else
    textLines(w.lines).forEach((line, i) => {
      if (i > 0) el.ele("Break");
      if (line !== "") el.txt(forBuilder(line));
    });
}

/**
 * xmlbuilder2 leaves `&name;` and `&#digits;` in text as they are (it takes them for references already escaped), so
 * a letter saying "AT&amp;T" would lose characters: every `&` is escaped here first, which the builder then keeps.
 * A CR is written as `&#13;`, since a reader turns a raw CR into a line feed (XML 1.0 §2.11).
 */
export const forBuilder = (text: string): string =>
  text.includes("&") || text.includes("\r") ? text.replace(/[&\r]/g, (c) => (c === "&" ? "&amp;" : "&#13;")) : text;

function emitChildren(el: XMLBuilder, children: readonly (W | undefined)[], depth: number): void {
  const indent = `\n${"  ".repeat(depth)}`;
  for (const child of children) {
    if (child === undefined) continue;
    el.txt(indent);
    emit(el, child, depth);
  }
  el.txt(`\n${"  ".repeat(depth - 1)}`);
}

const dateTime = (n: string, t: LocalDateTime): W => c(n, v("Date", t.date), v("Time", t.time));

/** The Letter's first elements, as in every format (the tables' letterHead, tables-common.ts). */
const letterHead = (l: { identifier: string; versionCode: string; statisticalCode: string }): (W | undefined)[] => [
  v("Identifier", l.identifier),
  v("VersionCode", l.versionCode),
  v("StatisticalCode", l.statisticalCode),
];

/** XDIS91's and XBIN01's Letter goes on with Authorisation, the fixed TypeCode and StatusCode. */
const datedLetterHead = (l: Xdis91["letter"] | Xbin01["letter"], typeCode: "XDIS91" | "XBIN01"): (W | undefined)[] => [
  ...letterHead(l),
  dateTime("Authorisation", l.authorisation),
  v("TypeCode", typeCode),
  v("StatusCode", l.statusCode),
];

function envelope(e: OioEnvelope): W {
  return c(
    "Envelope",
    dateTime("Sent", e.sent),
    v("Identifier", e.identifier),
    v("AcknowledgementCode", e.acknowledgementCode),
  );
}

/** SenderNoContactType / BinaryLetterSenderType; a ReceiverType has no telephone and no speciality. */
function party(n: "Sender" | "Receiver", p: OioParty): W {
  const sender = n === "Sender";
  return c(
    n,
    v("EANIdentifier", p.ean),
    v("Identifier", p.identifier),
    v("IdentifierCode", p.identifierCode),
    v("OrganisationName", p.organisationName),
    v("DepartmentName", p.departmentName),
    v("UnitName", p.unitName),
    v("StreetName", p.streetName),
    v("SuburbName", p.suburbName),
    v("DistrictName", p.districtName),
    v("PostCodeIdentifier", p.postCode),
    sender ? v("TelephoneSubscriberIdentifier", p.telephone) : undefined,
    sender ? v("MedicalSpecialityCode", p.medicalSpecialityCode) : undefined,
  );
}

function patient(p: OioPatient): W {
  return c(
    "Patient",
    v("CivilRegistrationNumber", p.cpr),
    v("AlternativeIdentifier", p.cpr === undefined ? p.alternativeIdentifier : undefined),
    v("PersonSurnameName", p.surname),
    v("PersonGivenName", p.given),
    v("StreetName", p.streetName),
    v("SuburbName", p.suburbName),
    v("DistrictName", p.districtName),
    v("PostCodeIdentifier", p.postCode),
    v("OccupancyText", p.occupancyText),
    v("EpisodeOfCareStatusCode", p.episodeOfCareStatus),
  );
}

function reference(r: OioReference): W {
  const target =
    "url" in r
      ? v("URL", r.url)
      : "sup" in r
        ? v("SUP", "true")
        : c(
            "BIN",
            v("ObjectIdentifier", r.bin.objectIdentifier),
            v("ObjectCode", r.bin.objectCode),
            v("ObjectExtensionCode", r.bin.extensionCode),
            v("OriginalObjectSize", r.bin.originalSize),
          );
  return c("Reference", v("RefDescription", r.description), target);
}

function xdis91(d: Xdis91): W {
  const l = d.letter;
  const additional =
    d.priority === undefined && d.subject === undefined
      ? undefined
      : c("AdditionalInformation", v("Priority", d.priority), v("Subject", d.subject));
  return c(
    "ClinicalEmail",
    c("Letter", ...datedLetterHead(l, "XDIS91"), v("EpisodeOfCareIdentifier", l.episodeOfCareIdentifier)),
    party("Sender", d.sender),
    party("Receiver", d.receiver),
    patient(d.patient),
    additional,
    ...d.clinicalInformation.map((text) => c("ClinicalInformation", { n: "Text01", lines: text })),
    ...d.references.map(reference),
  );
}

function binaryObject(o: BinaryObject): W {
  return c(
    "BinaryObject",
    v("ObjectIdentifier", o.objectIdentifier),
    v("ObjectCode", o.objectCode),
    v("ObjectExtensionCode", o.extensionCode),
    v("OriginalObjectSize", o.originalSize),
    v("Object_Base64Encoded", o.base64),
  );
}

function xbin01(d: Xbin01): W {
  const l = d.letter;
  const subject =
    d.patient !== undefined
      ? [patient({ ...d.patient, episodeOfCareStatus: undefined, ...xbin01PatientOnly })]
      : [v("SystemInformation", "true"), v("Contents", d.systemInformation?.contents)];
  return c(
    "BinaryLetter",
    c("Letter", ...datedLetterHead(l, "XBIN01")),
    party("Sender", d.sender),
    party("Receiver", d.receiver),
    ...subject,
    ...d.objects.map(binaryObject),
  );
}

/** BinaryLetterPatientType has the number and the names only. */
const xbin01PatientOnly = {
  streetName: undefined,
  suburbName: undefined,
  districtName: undefined,
  postCode: undefined,
  occupancyText: undefined,
};

const RECEIPT_ROOT = { xctl01: "NegativeVansReceipt", xctl02: "NegativeReceipt", xctl03: "PositiveReceipt" } as const;

function refusal(r: Refusal | undefined, negative: boolean): (W | undefined)[] {
  if (!negative || r === undefined) return [];
  return [v("RefuseCode", r.code), r.text === undefined ? undefined : { n: "RefuseText", lines: r.text }];
}

function xctl(d: Xctl): W {
  const negative = d.kind !== "xctl03";
  const gln = (n: string, ean: string): W => c(n, v("EANIdentifier", ean));
  return c(
    RECEIPT_ROOT[d.kind],
    c("Letter", ...letterHead(d.letter)),
    gln("Sender", d.sender),
    gln("Receiver", d.receiver),
    c(
      "OriginalEmessage",
      v("OriginalEnvelopeIdentifier", d.original.envelopeIdentifier),
      gln("OriginalSender", d.original.sender),
      gln("OriginalReceiver", d.original.receiver),
      ...refusal(d.original.refusal, negative),
      ...d.original.letters.map((l) =>
        c(
          "OriginalLetter",
          v("OriginalLetterIdentifier", l.identifier),
          v("OriginalVersionCode", l.versionCode),
          ...refusal(l.refusal, negative),
        ),
      ),
    ),
  );
}

/** A character above U+00FF (a code point, so an emoji is one reference); one class: no backtracking. */
const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/u;
const BEYOND_LATIN1_ALL = /[\u0100-\u{10ffff}]/gu;

/** ISO-8859-1 bytes; a character above U+00FF becomes `&#xHHHH;` (only text can hold one: names are ASCII). */
function latin1Bytes(xml: string): Uint8Array {
  const text = BEYOND_LATIN1.test(xml)
    ? xml.replace(BEYOND_LATIN1_ALL, (c) => `&#x${(c.codePointAt(0) as number).toString(16).toUpperCase()};`)
    : xml;
  const bytes = Buffer.from(text, "latin1");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
