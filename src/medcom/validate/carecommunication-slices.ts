// The slices of CareCommunication 5.0 that a generic walk cannot see: destinations by use (primary 1..1, cc 0..0),
// payload segments by content type with their extensions (DOMAIN.md §1.6), Provenance entities by role (§1.9),
// and the value rules on segment extensions (author contact, assigned identifier, LPR3 episode of care).
import type {
  Communication,
  CommunicationPayload,
  Encounter,
  Extension,
  MessageHeader,
  Provenance,
} from "../model/index.js";
import { CodeSystem, ExtensionUrl, IdentifierSystem } from "../systems.js";
import type { Entry, ValidationContext } from "./context.js";
import { valueSet } from "./rules.js";

const MIME_TYPES = "http://medcomfhir.dk/ig/terminology/ValueSet/medcom-core-attachmentMimeTypes";

/** MessageHeader.destination is sliced (closed) on the destination-use extension: exactly one primary; cc as allowed. */
export function checkDestinations(ctx: ValidationContext, header: Entry, ccAllowed: boolean): void {
  const destinations = (header.resource as MessageHeader).destination ?? [];
  let primary = 0;
  destinations.forEach((d, i) => {
    const use = (d.extension ?? []).find((e) => e.url === ExtensionUrl.destinationUse)?.valueCoding;
    const path = `${header.path}.destination[${i}]`;
    if (use?.system !== CodeSystem.destinationUse || (use.code !== "primary" && use.code !== "cc")) {
      ctx.error(
        "slice-unmatched",
        `${path}.extension`,
        "Each destination needs the destination-use extension with code primary or cc.",
        "slice",
      );
    } else if (use.code === "primary") primary++;
    else if (!ccAllowed)
      ctx.error(
        "not-allowed",
        path,
        "Carbon-copy destinations are not allowed in this message (destination:cc 0..0).",
        "slice",
      );
  });
  if (primary !== 1) {
    ctx.error(
      primary === 0 ? "slice-min" : "slice-max",
      `${header.path}.destination`,
      `Exactly one primary destination is required; found ${primary}.`,
      "slice",
    );
  }
}

/** payload:string 1..* with date, identifier, author, authorContact 1..1; payload:attachment date and identifier 1..1. */
export function checkPayloads(ctx: ValidationContext, entry: Entry): void {
  const payloads = (entry.resource as Communication).payload ?? [];
  if (!payloads.some((p) => p.contentString !== undefined)) {
    ctx.error(
      "slice-min",
      `${entry.path}.payload`,
      "Every message contains at least one text segment (payload:string).",
      "slice",
    );
  }
  payloads.forEach((p, i) => checkSegment(ctx, p, `${entry.path}.payload[${i}]`));
}

function checkSegment(ctx: ValidationContext, payload: CommunicationPayload, path: string): void {
  const isText = payload.contentString !== undefined;
  const required = isText
    ? ["segmentDateTime", "segmentIdentifier", "segmentAuthor", "segmentAuthorContact"]
    : ["segmentDateTime", "segmentIdentifier"];
  for (const key of ["segmentDateTime", "segmentIdentifier", "segmentAuthor", "segmentAuthorContact"] as const) {
    const url = ExtensionUrl[key];
    const found = (payload.extension ?? []).filter((e) => e.url === url);
    const name = url.slice(url.lastIndexOf("/") + 1);
    if (found.length === 0 && required.includes(key)) {
      ctx.error(
        "slice-min",
        `${path}.extension`,
        `A ${isText ? "text" : "attachment"} segment needs the ${name} extension.`,
        "slice",
      );
    } else if (found.length > 1) {
      ctx.error("slice-max", `${path}.extension`, `The ${name} extension may occur only once per segment.`, "slice");
    }
  }
  (payload.extension ?? []).forEach((e, j) => checkSegmentExtension(ctx, e, `${path}.extension[${j}]`));
  if (payload.contentAttachment) checkAttachment(ctx, payload, `${path}.contentAttachment`);
  else if (!isText)
    ctx.error("slice-unmatched", path, "A segment carries either contentString or contentAttachment.", "slice");
}

function checkSegmentExtension(ctx: ValidationContext, e: Extension, path: string): void {
  if (e.url === ExtensionUrl.segmentIdentifier) {
    if (!e.valueIdentifier?.assigner)
      ctx.error(
        "cardinality-min",
        `${path}.valueIdentifier.assigner`,
        "A segment identifier names the organisation that added the segment (assigner).",
        "cardinality",
      );
    // The value's form (urn:uuid + lower-case UUID) is the invariant medcom-uuidv4, checked once with the other
    // invariants (carecommunication-invariants.ts), not here as well (issue 13: it was reported twice).
  } else if (e.url === ExtensionUrl.segmentAuthorContact) {
    const contact = e.valueContactPoint;
    // The published expression matches('[+]?[-0-9]') is unanchored: a phone value must contain a digit or '-'.
    if (!contact?.value || !/[+]?[-0-9]/.test(contact.value)) {
      ctx.error(
        "invariant",
        `${path}.valueContactPoint.value`,
        "The author's phone number must be given (digits, optionally + and -).",
        "medcom-core-contact",
      );
    } else if (!/^[+]?[-0-9 ]+$/.test(contact.value)) {
      ctx.warning(
        "phone-format",
        `${path}.valueContactPoint.value`,
        "A phone number should contain only digits, spaces, '-' and a leading '+'.",
        "medcom-carecommunication-authorcontact",
      );
    }
    if (contact?.system !== undefined && contact.system !== "phone")
      ctx.error(
        "pattern-value",
        `${path}.valueContactPoint.system`,
        "The author contact is a phone number (system phone).",
        "pattern-value",
      );
  } else if (e.url === ExtensionUrl.segmentDateTime && e.valueDateTime === undefined) {
    ctx.error(
      "cardinality-min",
      `${path}.valueDateTime`,
      "The segment date extension needs valueDateTime.",
      "cardinality",
    );
  } else if (e.url === ExtensionUrl.segmentAuthor && e.valueReference?.reference === undefined) {
    ctx.error(
      "cardinality-min",
      `${path}.valueReference`,
      "The segment author extension references a PractitionerRole.",
      "cardinality",
    );
  }
}

function checkAttachment(ctx: ValidationContext, payload: CommunicationPayload, path: string): void {
  const a = payload.contentAttachment ?? {};
  if (!a.title)
    ctx.error(
      "cardinality-min",
      `${path}.title`,
      "An attachment needs a title (without an added file extension).",
      "cardinality",
    );
  // att-1 (data needs contentType) is checked on every Attachment by the invariant tables (invariants/node-checks.ts).
  if (a.contentType !== undefined && !valueSet(MIME_TYPES)?.has(a.contentType)) {
    ctx.error(
      "code-not-in-value-set",
      `${path}.contentType`,
      `${a.contentType} is not an allowed attachment type; use application/pdf, image/gif, image/jpeg, image/png, image/tiff or image/bmp.`,
      "binding",
    );
  }
}

/** Provenance.entity is sliced (closed) on role: preceedingMessage (revision) 0..1, payload (source) 1..*. */
export function checkCareCommunicationProvenance(ctx: ValidationContext, entry: Entry): void {
  const provenance = entry.resource as Provenance;
  const entities = provenance.entity ?? [];
  const revisions = entities.filter((e) => e.role === "revision").length;
  const sources = entities.filter((e) => e.role === "source").length;
  entities.forEach((e, i) => {
    if (e.role !== "revision" && e.role !== "source") {
      ctx.error(
        "slice-unmatched",
        `${entry.path}.entity[${i}].role`,
        "A CareCommunication Provenance entity is either revision (the previous message) or source (a new segment).",
        "slice",
      );
    }
  });
  if (revisions > 1)
    ctx.error("slice-max", `${entry.path}.entity`, "At most one previous message (entity role revision).", "slice");
  if (sources === 0)
    ctx.error(
      "slice-min",
      `${entry.path}.entity`,
      "The Provenance names each segment this message added (entity role source).",
      "slice",
    );
  checkOccurred(ctx, entry);
}

/** Provenance.occurred[x] is sliced (closed) to occurredDateTime 1..1 (Messaging). */
export function checkOccurred(ctx: ValidationContext, entry: Entry): void {
  const provenance = entry.resource as Provenance;
  if (provenance.occurredDateTime === undefined) {
    ctx.error(
      "cardinality-min",
      `${entry.path}.occurredDateTime`,
      "Provenance.occurredDateTime (the human-readable send time) is required.",
      "slice",
    );
  }
}

/** lpr3-Identifier `uuidv5`: an LPR3 episode-of-care identifier is urn:uuid: + a version 5 UUID. */
export function checkEpisodeOfCare(ctx: ValidationContext): void {
  for (const entry of ctx.ofType("Encounter")) {
    ((entry.resource as Encounter).episodeOfCare ?? []).forEach((ref, i) => {
      const id = ref.identifier;
      if (id?.system !== IdentifierSystem.lpr3Episode) return;
      if (
        !/^urn:uuid:[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-5[a-fA-F0-9]{3}-[89aAbB][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$/.test(
          id.value ?? "",
        )
      ) {
        ctx.error(
          "invariant",
          `${entry.path}.episodeOfCare[${i}].identifier.value`,
          "An LPR3 episode-of-care identifier is urn:uuid: followed by a version 5 UUID.",
          "uuidv5",
        );
      }
    });
  }
}
