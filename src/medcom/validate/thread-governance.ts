// MedCom's governance for CareCommunication threads, as far as one message shows it (DOMAIN.md §1.9, §1.13; issue
// 13, class 6): what the message's own Provenance says it is (new-message, reply-message, forward-message) must agree
// with its revision entity and its stack; a reply carries the answered message's whole stack and every earlier
// segment it received (rule 21, §1.6) and answers only the latest message (rules 3 and 5); the new Provenance names only new
// segments and is made by the sender (Messaging §2.5).
import { shownValue } from "../ids.js";
import type { Communication, MessageHeader, Provenance } from "../model/index.js";
import { ExtensionUrl } from "../systems.js";
import type { Entry, ValidationContext } from "./context.js";
import {
  activityOf,
  checkOnePerMessage,
  checkRevision,
  entitiesOf,
  provenanceStack,
  revisedIds,
  targetIds,
} from "./provenance-stack.js";

export function checkThreadGovernance(ctx: ValidationContext): void {
  const header = ctx.header;
  if (!header) return;
  const stack = provenanceStack(ctx, header);
  checkOnePerMessage(ctx, stack);
  // No own Provenance at all is medcom-messaging-provenance-target's (common-checks.ts).
  const [own] = stack.own;
  if (!own) return;
  checkAgentIsSender(ctx, own, header);
  const activity = activityOf(own);
  if (activity === "new-message") checkNewMessage(ctx, own, stack.earlier);
  else if (activity === "reply-message" || activity === "forward-message") {
    const reply = activity === "reply-message";
    const revised = checkRevision(ctx, own, header.resource.id, {
      identifierAllowed: reply,
      what: reply ? "A reply" : "A forward",
    });
    // A partial forward carries only the chosen segments and their Provenances (rule 16): only a reply is whole.
    if (reply && revised) {
      checkAnsweredStack(ctx, revised, stack.earlier);
      checkEarlierSegments(
        ctx,
        stack.earlier.filter((p) => targetIds(p).includes(revised.id)),
      );
    }
  }
  checkOnlyNewSegments(ctx, own, stack.earlier);
}

/** Messaging §2.5: agent.who is the organisation performing the activity — the MessageHeader's sender. */
function checkAgentIsSender(ctx: ValidationContext, own: Entry, header: Entry): void {
  const who = (own.resource as Provenance).agent?.[0]?.who?.reference;
  const agent = ctx.resolve(who, own);
  const sender = ctx.resolve((header.resource as MessageHeader).sender?.reference, header);
  // An unresolved reference is the reference checks' to report.
  if (agent && sender && agent !== sender)
    ctx.error(
      "provenance-agent",
      `${own.path}.agent[0].who.reference`,
      "The Provenance of this message is made by its sender: agent.who is the MessageHeader's sender organisation.",
      "medcom-provenance-agent",
    );
}

/**
 * A new message starts a thread (rule 1): its Provenance revises nothing (entity only when a message derives from an
 * earlier one, Messaging §2.5) and it carries no earlier Provenance (DOMAIN.md §1.9 "New: 1 Provenance").
 */
function checkNewMessage(ctx: ValidationContext, own: Entry, earlier: readonly Entry[]): void {
  for (const { index } of entitiesOf(own, "revision"))
    ctx.error(
      "new-message-revision",
      `${own.path}.entity[${index}]`,
      "A new message revises no earlier message; a reply or forward says reply-message or forward-message.",
      "medcom-provenance-new-message",
    );
  for (const p of earlier)
    ctx.error(
      "new-message-stack",
      p.path,
      "A new message starts a thread and carries only its own Provenance; this one describes another message.",
      "medcom-provenance-new-message",
    );
}

/**
 * Rule 21 and §1.9: a reply carries the answered message's whole Provenance stack, so the answered message's own
 * Provenance is in it. Rules 3 and 5: a reply answers only the latest message — if a Provenance of the stack already
 * answered or forwarded the same message, this reply answers an older one and belongs in a new thread.
 */
function checkAnsweredStack(
  ctx: ValidationContext,
  revised: { id: string; path: string },
  earlier: readonly Entry[],
): void {
  if (!earlier.some((p) => targetIds(p).includes(revised.id))) {
    ctx.error(
      "reply-stack",
      revised.path,
      `A reply carries the whole Provenance stack of the message it answers; no Provenance here describes MessageHeader/${shownValue(revised.id)}.`,
      "medcom-carecommunication-21",
    );
  } else if (earlier.some((p) => revisedIds(p).includes(revised.id))) {
    ctx.error(
      "reply-not-latest",
      revised.path,
      `A reply answers only the latest message of its thread; MessageHeader/${shownValue(revised.id)} was already answered or forwarded by a later message in this stack. Answer that one, or start a new thread.`,
      "medcom-carecommunication-5",
    );
  }
}

/**
 * A reply includes all previous segments (DOMAIN.md §1.6; earlier attachments by identifier, rule 6) — judged for
 * the segments the answered message added (its own Provenance's entity:payload). Older ones are not: a partial
 * forward upstream may have left some behind with their Provenance (MedCom's own cc5-05 does), and a reply carries
 * what it received.
 */
function checkEarlierSegments(ctx: ValidationContext, earlier: readonly Entry[]): void {
  const carried = new Set<string>();
  for (const c of ctx.ofType("Communication"))
    for (const payload of (c.resource as Communication).payload ?? [])
      for (const e of payload.extension ?? [])
        if (e.url === ExtensionUrl.segmentIdentifier && e.valueIdentifier?.value !== undefined)
          carried.add(e.valueIdentifier.value);
  for (const p of earlier)
    for (const { entity, index } of entitiesOf(p, "source")) {
      const id = entity.what?.identifier?.value;
      if (id !== undefined && !carried.has(id))
        ctx.error(
          "reply-segment-missing",
          `${p.path}.entity[${index}].what.identifier.value`,
          `A reply carries every earlier segment of its thread; segment ${shownValue(id)}, added by this earlier message, is not in Communication.payload.`,
          "medcom-carecommunication-21",
        );
    }
}

/** entity:payload lists the segments added in this message (DOMAIN.md §1.9): none an earlier message added. */
function checkOnlyNewSegments(ctx: ValidationContext, own: Entry, earlier: readonly Entry[]): void {
  const before = new Set<string>();
  for (const p of earlier)
    for (const { entity } of entitiesOf(p, "source")) {
      const id = entity.what?.identifier?.value;
      if (id !== undefined) before.add(id);
    }
  if (before.size === 0) return;
  for (const { entity, index } of entitiesOf(own, "source")) {
    const id = entity.what?.identifier?.value;
    if (id !== undefined && before.has(id))
      ctx.error(
        "segment-not-new",
        `${own.path}.entity[${index}].what.identifier.value`,
        `This message's Provenance names only the segments it adds; segment ${shownValue(id)} was added by an earlier message of the stack.`,
        "medcom-provenance-new-segments",
      );
  }
}
