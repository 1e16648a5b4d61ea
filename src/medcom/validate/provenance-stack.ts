// The Provenance stack of a message (Messaging §2.5, DOMAIN.md §1.9): one Provenance per message exchange, the
// message's own (its target is this MessageHeader) and those of the earlier messages it carries. Earlier messages
// are not in the Bundle, so they are named by `MessageHeader/<id>` and compared by id, not resolved.
import { shownValue } from "../ids.js";
import type { Provenance, ProvenanceEntity } from "../model/index.js";
import type { Entry, ValidationContext } from "./context.js";

export interface ProvenanceStack {
  /** The Provenances whose target is this message's MessageHeader (exactly one in a valid message). */
  own: Entry[];
  /** The stack of earlier exchanges, in Bundle order. */
  earlier: Entry[];
}

export function provenanceStack(ctx: ValidationContext, header: Entry): ProvenanceStack {
  const own: Entry[] = [];
  const earlier: Entry[] = [];
  for (const p of ctx.ofType("Provenance")) {
    const targets = (p.resource as Provenance).target ?? [];
    (targets.some((t) => ctx.resolve(t.reference, p) === header) ? own : earlier).push(p);
  }
  return { own, earlier };
}

const MARK = "MessageHeader/";
/** FHIR R4 `id`: 1–64 of [A-Za-z0-9-.] (datatypes.html#id). */
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/**
 * The MessageHeader.id a reference to an earlier message names: `MessageHeader/<id>`, relative as MedCom writes it
 * (DOMAIN.md §1.11), or absolute with that tail. Undefined for anything else.
 */
function messageIdOf(reference: string | undefined): string | undefined {
  if (typeof reference !== "string") return undefined;
  const at = reference.lastIndexOf(MARK);
  if (at < 0 || (at > 0 && reference.charAt(at - 1) !== "/")) return undefined;
  const id = reference.slice(at + MARK.length);
  return FHIR_ID.test(id) ? id : undefined;
}

/** The ids of the messages a Provenance describes (its targets). */
export function targetIds(p: Entry): string[] {
  return ((p.resource as Provenance).target ?? []).flatMap((t) => {
    const id = messageIdOf(t.reference);
    return id === undefined ? [] : [id];
  });
}

export interface IndexedEntity {
  entity: ProvenanceEntity;
  index: number;
}

export function entitiesOf(p: Entry, role: ProvenanceEntity["role"]): IndexedEntity[] {
  return ((p.resource as Provenance).entity ?? []).flatMap((entity, index) =>
    entity.role === role ? [{ entity, index }] : [],
  );
}

/** The ids of the messages a Provenance revises (entity role revision, by reference). */
export function revisedIds(p: Entry): string[] {
  return entitiesOf(p, "revision").flatMap(({ entity }) => {
    const id = messageIdOf(entity.what?.reference);
    return id === undefined ? [] : [id];
  });
}

export function activityOf(p: Entry): string | undefined {
  return (p.resource as Provenance).activity?.coding?.[0]?.code;
}

/** Messaging §2.5: one Provenance per message exchange — only one describes this message. */
export function checkOnePerMessage(ctx: ValidationContext, stack: ProvenanceStack): void {
  for (const extra of stack.own.slice(1)) {
    ctx.error(
      "provenance-duplicate",
      extra.path,
      "Only one Provenance describes this message (one per message exchange); another one already targets its MessageHeader.",
      "medcom-provenance-one-per-message",
    );
  }
}

export interface RevisionOptions {
  /** Only a reply may name an earlier OIOXML/EDIFACT letter by identifier (DOMAIN.md §1.9, entity:preceedingMessage). */
  identifierAllowed: boolean;
  /** What the message does, for the messages: "A reply", "An acknowledgement", … */
  what: string;
}

/**
 * The entity with role revision that names the message answered, forwarded or acknowledged (DOMAIN.md §1.9, §2.5,
 * §3.3): present, `MessageHeader/<id>` of another message, or — for a reply to an OIOXML letter —
 * `[lokationsnummer]#[brevid]` by identifier. Returns the revised message's id when named by reference.
 */
export function checkRevision(
  ctx: ValidationContext,
  own: Entry,
  headerId: string | undefined,
  options: RevisionOptions,
): { id: string; path: string } | undefined {
  const [first] = entitiesOf(own, "revision");
  if (!first) {
    // A governance rule (the profile's entity is 0..*), not a profile cardinality: its own code.
    ctx.error(
      "revision-missing",
      `${own.path}.entity`,
      `${options.what} names the message it concerns: an entity with role revision and what.reference MessageHeader/<its id>.`,
      "medcom-provenance-revision",
    );
    return undefined;
  }
  // A revision entity without `what` breaks Provenance.entity.what 1..1: the cardinality check's to report, once.
  const what = first.entity.what as ProvenanceEntity["what"] | undefined;
  if (what === undefined) return undefined;
  const path = `${own.path}.entity[${first.index}].what`;
  const { reference, identifier } = what;
  if (reference !== undefined) {
    const id = messageIdOf(reference);
    if (id === undefined) {
      ctx.error(
        "revision-reference",
        `${path}.reference`,
        `The earlier message is named by MessageHeader/<its MessageHeader.id>, not ${shownValue(reference)}.`,
        "medcom-provenance-revision",
      );
      return undefined;
    }
    if (id === headerId) {
      ctx.error(
        "revision-reference",
        `${path}.reference`,
        "The revision entity names this message itself; it names the earlier message.",
        "medcom-provenance-revision",
      );
      return undefined;
    }
    return { id, path: `${path}.reference` };
  }
  if (identifier?.value !== undefined && !options.identifierAllowed) {
    ctx.error(
      "revision-reference",
      path,
      `${options.what} names a FHIR message by what.reference MessageHeader/<id>; only a reply to an OIOXML or EDIFACT letter names it by identifier.`,
      "medcom-provenance-revision",
    );
  } else if (identifier?.value !== undefined && !isLegacyLetterId(identifier.value)) {
    ctx.error(
      "revision-identifier",
      `${path}.identifier.value`,
      "An OIOXML or EDIFACT letter is named [lokationsnummer]#[brevid]: the sender's 13-digit location number and the letter id, joined by #.",
      "medcom-provenance-revision",
    );
  } else if (identifier?.value === undefined) {
    ctx.error(
      "revision-missing",
      path,
      "The revision entity names the earlier message: what.reference MessageHeader/<id> (or, for an OIOXML letter, what.identifier).",
      "medcom-provenance-revision",
    );
  }
  return undefined;
}

const GLN = /^\d{13}$/;

/**
 * `[lokationsnummer]#[brevid]` (the profile's text); MedCom's own example has `[brevid]#[lokationsnummer]`
 * (DOMAIN.md §1.9 [DISCREPANCY]), so either order is accepted on receipt: one # and a 13-digit location number.
 */
function isLegacyLetterId(value: string): boolean {
  const at = value.indexOf("#");
  if (at <= 0 || at !== value.lastIndexOf("#") || at === value.length - 1) return false;
  return GLN.test(value.slice(0, at)) || GLN.test(value.slice(at + 1));
}
