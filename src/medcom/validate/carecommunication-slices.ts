// What the slices of CareCommunication 5.0 need beyond their counts (counted by cardinality.ts from the profiles):
// items that fit no slice of a closed slicing (destinations by use, Provenance entities by role, §1.9), and the
// value rules on segment extensions (author contact, assigned identifier, LPR3 episode of care; DOMAIN.md §1.6).
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

/**
 * MessageHeader.destination is sliced (closed) on the destination-use extension. How many primary and cc
 * destinations there may be is counted with every other slice (cardinality.ts, from the profile); a destination
 * that fits no slice is refused here.
 */
export function checkDestinations(ctx: ValidationContext, header: Entry): void {
  const destinations = (header.resource as MessageHeader).destination ?? [];
  destinations.forEach((d, i) => {
    const use = (d.extension ?? []).find((e) => e.url === ExtensionUrl.destinationUse)?.valueCoding;
    if (use?.system !== CodeSystem.destinationUse || (use.code !== "primary" && use.code !== "cc")) {
      ctx.error(
        "slice-unmatched",
        `${header.path}.destination[${i}].extension`,
        "Each destination needs the destination-use extension with code primary or cc.",
        "slice",
      );
    }
  });
}

/**
 * The payload segments' values (DOMAIN.md §1.6). Their slices — payload:string 1..*, each text segment's date,
 * identifier, author and authorContact 1..1, an attachment's date, identifier and title — are counted by
 * cardinality.ts from the profile.
 */
export function checkPayloads(ctx: ValidationContext, entry: Entry): void {
  const payloads = (entry.resource as Communication).payload ?? [];
  payloads.forEach((p, i) => checkSegment(ctx, p, `${entry.path}.payload[${i}]`));
}

function checkSegment(ctx: ValidationContext, payload: CommunicationPayload, path: string): void {
  (payload.extension ?? []).forEach((e, j) => checkSegmentExtension(ctx, e, `${path}.extension[${j}]`));
  if (payload.contentAttachment) checkAttachment(ctx, payload, `${path}.contentAttachment`);
  else if (payload.contentString === undefined && payload.contentReference !== undefined)
    // Without any content[x], cardinality.ts reports the missing content (payload.content[x] 1..1).
    ctx.error("slice-unmatched", path, "A segment carries either contentString or contentAttachment.", "slice");
}

/**
 * What the segment extensions' definitions require (a value; the identifier's assigner and value; the contact's
 * value) is counted by cardinality.ts from the extension and data-type profiles (datatype-profiles.ts applies them
 * to every known extension), once, at the element. What remains here is what counts cannot express.
 */
function checkSegmentExtension(ctx: ValidationContext, e: Extension, path: string): void {
  // The identifier value's form (urn:uuid + lower-case UUID) is the invariant medcom-uuidv4, checked once with the
  // other invariants (carecommunication-invariants.ts), not here as well (issue 13: it was reported twice).
  if (e.url === ExtensionUrl.segmentAuthorContact) {
    const contact = e.valueContactPoint;
    // The published expression matches('[+]?[-0-9]') is unanchored: a phone value must contain a digit or '-'.
    // A missing value is MedComCoreContactExtension's valueContactPoint.value 1..1 (cardinality.ts).
    if (contact?.value !== undefined && !/[+]?[-0-9]/.test(contact.value)) {
      ctx.error(
        "invariant",
        `${path}.valueContactPoint.value`,
        "The author's phone number must be given (digits, optionally + and -).",
        "medcom-core-contact",
      );
    } else if (contact?.value !== undefined && !/^[+]?[-0-9 ]+$/.test(contact.value)) {
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
  } else if (
    e.url === ExtensionUrl.segmentAuthor &&
    e.valueReference !== undefined &&
    e.valueReference.reference === undefined
  ) {
    // Without valueReference, MedComCorePractitionerExtension's value[x] 1..1 is cardinality.ts's.
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
  // title (min 1) is counted by the cardinality tables (cardinality.ts); att-1 (data needs contentType) is checked on
  // every Attachment by the invariant tables (invariants/node-checks.ts).
  if (a.contentType !== undefined && !valueSet(MIME_TYPES)?.has(a.contentType)) {
    ctx.error(
      "code-not-in-value-set",
      `${path}.contentType`,
      `${a.contentType} is not an allowed attachment type; use application/pdf, image/gif, image/jpeg, image/png, image/tiff or image/bmp.`,
      "binding",
    );
  }
}

/**
 * Provenance.entity is sliced (closed) on role: preceedingMessage (revision) 0..1, payload (source) 1..*. The counts
 * (and occurred[x]:occurredDateTime 1..1) are cardinality.ts's; an entity of another role fits no slice.
 */
export function checkCareCommunicationProvenance(ctx: ValidationContext, entry: Entry): void {
  const entities = (entry.resource as Provenance).entity ?? [];
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
