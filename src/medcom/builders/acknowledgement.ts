// Builds a MedCom Acknowledgement 2.0 for a received message (DOMAIN.md §3), following the internally consistent
// converted example (§3.3): sender = the acknowledged message's primary receiver, destination = its sender (endpoint
// = its source.endpoint), response.identifier = its bare MessageHeader.id, exactly two Provenances (a copy of its
// latest Provenance and a new `acknowledgement` one), and an OperationOutcome when the code is not ok.
import type { Bundle, MessageHeader, OperationOutcome, Organization, Provenance, Resource } from "../model/index.js";
import { GLN_SYSTEMS, IdentifierSystem, MessageDefinition, Profile } from "../systems.js";
import { valueSet } from "../validate/rules.js";
import { headerNarrative, messageBundle, messageHeader, provenance } from "./header.js";
import { field, idField, narrative } from "./narrative.js";
import type { Party } from "./parties.js";
import { ownProvenance } from "../references/own-provenance.js";
import { bundleReferences, type BundleReferences, type BundledEntry } from "../references/bundle-references.js";

import type { AcknowledgementCode } from "../kinds.js";

export type { AcknowledgementCode };

export interface AcknowledgementIssue {
  /** A MedCom acknowledgement error code or an operation-outcome MSG_* code; anything else becomes details.text. */
  code: string;
  message: string;
  severity?: "fatal" | "error" | "warning" | "information";
  /**
   * OperationOutcome issue.code (FHIR issue-type) when the response code's default does not fit: a converted XCTL
   * RefuseCode names its own (LEGACY.md §7.4).
   */
  type?: string;
}

export interface AcknowledgementInput {
  message: Bundle;
  code: AcknowledgementCode;
  issues?: readonly AcknowledgementIssue[];
  newId: () => string;
  now: string;
}

const ACKNOWLEDGEMENT_FULL_URL_BASE = "https://medcomfhir.dk/ig/acknowledgement/";

/** MedCom's acknowledgement error codes and the operation-outcome MSG_* codes (terminology 2.0.1, DOMAIN.md §3.4). */
const ISSUE_DETAILS = valueSet("http://medcomfhir.dk/ig/terminology/ValueSet/medcom-acknowledgement-issue-details");

export function buildAcknowledgement(input: AcknowledgementInput): Bundle {
  const { message, newId, now } = input;
  // The parties are read with the one resolver (issue 11, point 2): the answer goes to the sender a FHIR receiver
  // reads, and a message whose parties do not resolve to one Organization each gets no answer at all.
  const refs = bundleReferences(message);
  const headerEntry = refs.header;
  const original = headerEntry?.resource as MessageHeader | undefined;
  if (!headerEntry || !original?.id)
    throw new Error("an acknowledgement needs the acknowledged message's MessageHeader");
  const ackSender = refs.resource<Organization>(
    original.destination?.[0]?.receiver?.reference,
    headerEntry,
    "Organization",
  );
  const ackReceiver = refs.resource<Organization>(original.sender?.reference, headerEntry, "Organization");
  if (!ackSender || !ackReceiver) throw new Error("the acknowledged message's sender and receiver must be in it");

  const headerId = newId();
  // An ok acknowledgement may still carry information, e.g. that the message was a duplicate (DOMAIN.md §3.1).
  const outcome =
    input.code === "ok" && !input.issues?.length
      ? undefined
      : operationOutcome(newId(), input.code, input.issues ?? []);
  const header = messageHeader(
    {
      id: headerId,
      profile: Profile.acknowledgementHeader,
      event: "acknowledgement-message",
      definition: MessageDefinition.acknowledgement,
      sender: { organizationId: ackSender.id ?? "", party: partyOf(ackSender, original.destination?.[0]?.endpoint) },
      receiver: { organizationId: ackReceiver.id ?? "", party: partyOf(ackReceiver, original.source.endpoint) },
    },
    {
      response: {
        identifier: original.id,
        code: input.code,
        ...(outcome ? { details: { reference: `OperationOutcome/${outcome.id ?? ""}` } } : {}),
      },
    },
  );
  // The destination endpoint is the original message's source.endpoint, verbatim (DOMAIN.md §3.2).
  const destination = header.destination?.[0];
  if (destination) destination.endpoint = original.source.endpoint;
  header.source = { endpoint: original.destination?.[0]?.endpoint ?? header.source.endpoint };
  header.text = headerNarrative(header, {
    [`Organization/${ackSender.id ?? ""}`]: ackSender.name ?? "",
    [`Organization/${ackReceiver.id ?? ""}`]: ackReceiver.name ?? "",
  });

  const own = provenance({
    id: newId(),
    profile: Profile.messagingProvenance,
    headerId,
    now,
    activity: "acknowledgement",
    agentOrganizationId: ackSender.id ?? "",
    ...(ackSender.name !== undefined ? { agentName: ackSender.name } : {}),
    previousHeaderId: original.id,
  });
  const all: Resource[] = [header, latestProvenance(refs, headerEntry), own, ackSender, ackReceiver];
  if (outcome) all.push(outcome);
  return messageBundle({
    id: newId(),
    profile: Profile.acknowledgementMessage,
    timestamp: now,
    fullUrlBase: ACKNOWLEDGEMENT_FULL_URL_BASE,
    resources: all,
  });
}

/** Governance rule 22: the acknowledgement carries the latest Provenance of the acknowledged message, unchanged. */
function latestProvenance(refs: BundleReferences, header: BundledEntry): Provenance {
  const latest = ownProvenance(refs, header) ?? (refs.ofType("Provenance").at(-1)?.resource as Provenance | undefined);
  if (!latest) throw new Error("the acknowledged message has no Provenance");
  return latest;
}

function partyOf(org: Organization, endpoint: string | undefined): Party {
  const gln = org.identifier?.find((i) => i.system !== undefined && GLN_SYSTEMS.includes(i.system))?.value ?? "";
  const sor =
    org.identifier?.find((i) => i.system === IdentifierSystem.sor)?.value ?? endpoint?.replace(/^.*#id=/, "") ?? "";
  return { gln, sor, name: org.name ?? gln };
}

/** issue-severity per response code: a transient-error is `error` as in MedCom's ack2-transient-error example. */
const SEVERITY = { ok: "information", "transient-error": "error", "fatal-error": "error" } as const;
/** issue-type: content problems are `structure` (fatal-error example), receiver-side trouble `transient`. */
const ISSUE_TYPE = { ok: "informational", "transient-error": "transient", "fatal-error": "structure" } as const;

function operationOutcome(
  id: string,
  code: AcknowledgementCode,
  issues: readonly AcknowledgementIssue[],
): OperationOutcome {
  const list =
    issues.length > 0
      ? issues
      : [
          {
            code: "MSG_LOCAL_FAIL",
            message: code === "fatal-error" ? "The message was refused." : "A temporary error; send again later.",
          },
        ];
  return {
    resourceType: "OperationOutcome",
    id,
    meta: { profile: [Profile.acknowledgementOperationOutcome] },
    text: narrative(idField({ resourceType: "OperationOutcome", id }), ...list.map((i) => field(i.code, i.message))),
    issue: list.map((i) => {
      const coding = codingOf(i.code);
      return {
        severity: i.severity ?? SEVERITY[code],
        code: i.type ?? ISSUE_TYPE[code],
        // A code outside MedCom's lists is kept in the text, so the receiver still sees the gateway's stable code.
        details: { ...coding, text: coding.coding ? i.message : `${i.message} (${i.code})` },
      };
    }),
  };
}

/** Self-defined codes are allowed as text only (governance-for-acknowledgement §1.2.1). */
function codingOf(code: string): { coding?: { system: string; code: string }[] } {
  const system = ISSUE_DETAILS?.systemOf(code);
  return system === undefined ? {} : { coding: [{ system, code }] };
}
