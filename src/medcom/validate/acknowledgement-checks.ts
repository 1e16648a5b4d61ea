// Acknowledgement 2.0.3 invariants (by MedCom id) and rules (DOMAIN.md §3): response.code and identifier, an
// OperationOutcome when not ok, at most two Provenances (050 §4.1), no carbon copy.
import type { MessageHeader, Provenance } from "../model/index.js";
import { isMessageId } from "../ids.js";
import { CodeSystem } from "../systems.js";
import type { ValidationContext } from "./context.js";
import type { InvariantCheck } from "./carecommunication-invariants.js";

const headerOf = (ctx: ValidationContext) => ctx.header?.resource as MessageHeader | undefined;

export const ACKNOWLEDGEMENT_INVARIANTS: Record<string, InvariantCheck> = {
  "medcom-acknowledgement-1": (ctx) => {
    const code = headerOf(ctx)?.response?.code;
    // iif(response.code = 'ok', true, … OperationOutcome.exists()): without a response code too (published form).
    if (code !== "ok" && ctx.ofType("OperationOutcome").length === 0) {
      ctx.error(
        "invariant",
        "Bundle.entry",
        `${code === undefined ? "An acknowledgement without response.code" : `A ${code} acknowledgement`} must carry an OperationOutcome saying what went wrong.`,
        "medcom-acknowledgement-1",
      );
    }
  },
  // conformsTo(acknowledgementHeader): the header is an acknowledgement header with a response.
  "medcom-acknowledgement-2": (ctx) => {
    const header = headerOf(ctx);
    const event = header?.eventCoding;
    if (event?.system !== CodeSystem.eventCodes || event.code !== "acknowledgement-message" || !header?.response) {
      ctx.error(
        "invariant",
        `${ctx.header?.path ?? "Bundle.entry[0].resource"}.eventCoding`,
        "The MessageHeader of an Acknowledgement has event acknowledgement-message and a response.",
        "medcom-acknowledgement-2",
      );
    }
  },
  // conformsTo(messaging MessageHeader): entry[0] is a MessageHeader (its elements are checked by the profile table).
  "medcom-messaging-1": (ctx) => {
    if (ctx.entries[0]?.resource.resourceType !== "MessageHeader")
      ctx.error(
        "invariant",
        "Bundle.entry[0]",
        "The first entry must be a MedCom MessageHeader.",
        "medcom-messaging-1",
      );
  },
  // conformsTo(messaging Provenance): every Provenance has target, recorded, activity and agent.who.
  "medcom-messaging-3": (ctx) => {
    for (const p of ctx.ofType("Provenance")) {
      const provenance = p.resource as Provenance;
      if (
        !provenance.target?.length ||
        !provenance.recorded ||
        !provenance.activity?.coding?.length ||
        !provenance.agent?.[0]?.who
      ) {
        ctx.error(
          "invariant",
          p.path,
          "A MedCom Provenance has target, recorded, activity and agent.who.",
          "medcom-messaging-3",
        );
      }
    }
  },
};

export function checkAcknowledgementRules(ctx: ValidationContext): void {
  const header = headerOf(ctx);
  const HEADER_PATH = ctx.header?.path ?? "Bundle.entry[0].resource";
  const identifier = header?.response?.identifier;
  // The identifier becomes a lookup key for the acknowledged message: MedCom's UUID only (issue 11, point 1).
  if (identifier !== undefined && !isMessageId(identifier)) {
    ctx.error(
      "response-identifier",
      `${HEADER_PATH}.response.identifier`,
      "response.identifier is the bare MessageHeader.id of the acknowledged message: a lower-case UUID (not MessageHeader/…).",
      "medcom-acknowledgement-response",
    );
  }
  // MessageHeader.response 1..1 (MedComAcknowledgementMessageHeader) is counted by cardinality.ts.
  const provenances = ctx.ofType("Provenance").length;
  if (provenances > 2) {
    ctx.error(
      "too-many-provenances",
      "Bundle.entry",
      `An Acknowledgement carries at most two Provenances (the acknowledged message's latest and its own); found ${provenances}.`,
      "medcom-acknowledgement-provenance",
    );
  }
}
