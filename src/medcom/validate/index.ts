// The validator: one walk over a whole MedCom message that ACCUMULATES every issue and decides once; only errors
// make a message invalid, warnings never do (CONTRACT.md §2; FHIRValidationGovernance §2.1, DOMAIN.md §2.7).
import type { DetachedAttachments } from "../detached.js";
import { hasErrors, type Issue } from "../../util/issues.js";
import type { Bundle, MessageHeader, Resource } from "../model/index.js";
import { CodeSystem, Profile } from "../systems.js";
import { checkAcknowledgementRules } from "./acknowledgement-checks.js";
import {
  checkCareCommunicationProvenance,
  checkDestinations,
  checkEpisodeOfCare,
  checkPayloads,
} from "./carecommunication-slices.js";
import { checkBundleBasics, checkNarratives, checkProvenanceOfThisMessage, checkTimeZones } from "./common-checks.js";
import { checkReferences } from "./reference-checks.js";
import { readFindings } from "../fhir/read-findings.js";
import { breaksShape, checkSyntax } from "./syntax-checks.js";
import { checkBundleEntries } from "./bundle-entry-checks.js";
import { ValidationContext, type Entry } from "./context.js";
import { checkBaseCardinalities, checkCardinalities } from "./cardinality.js";
import { checkElementRules } from "./element-rules.js";
import { foldRepeats } from "./fold.js";
import { checkExtensions } from "./extension-checks.js";
import { checkTypeProfiles } from "./datatype-profiles.js";
import { checkForwardedAttachments } from "./forward-checks.js";
import { checkGovernance } from "./governance-checks.js";
import { checkOrganizationIdentifiers, checkPatientIdentifiers, checkMaritalStatus } from "./identifier-checks.js";
import { checkInvariants, type AppliedProfile } from "./invariants/index.js";
import { profileRules } from "./rules.js";

export type MessageType = "CareCommunication" | "Acknowledgement" | "unknown";

export interface ValidationResult {
  valid: boolean;
  type: MessageType;
  issues: Issue[];
}

export interface ValidateOptions {
  /** Size of the message as received, for the 100 MB limit (DOMAIN.md §1.12). */
  sizeBytes?: number;
  /** The request's detached attachments (issue 17): a data token among them is checked by its facts (size, hash),
   *  any other token fails base64Binary like any bad data. */
  detached?: DetachedAttachments;
  /**
   * The gateway's own builder made this message, from a compose request of kind `new` that its own checks passed
   * (issue 17, point 3): every value in it came from that request, the directory or the builder. The checks of the
   * builder's own work (entry identities, references, cardinalities, invariants, data-type profiles, extensions,
   * governance) are left out — tests/unit/validate/built-letters.test.ts shows they find nothing on any letter built
   * so; every check a value the caller or the directory supplied can fail (syntax and formats, time zones,
   * narratives, identifiers, fixed values and bindings, the CareCommunication's payload and party rules) still runs.
   */
  built?: boolean;
}

const CORE = "http://medcomfhir.dk/ig/core/StructureDefinition/";

/** The profile each resource type is checked against, per message type. */
export const PROFILE_FOR: Record<Exclude<MessageType, "unknown">, Record<string, string>> = {
  CareCommunication: {
    Bundle: Profile.careCommunicationMessage,
    MessageHeader: Profile.careCommunicationHeader,
    Communication: Profile.careCommunication,
    Provenance: Profile.careCommunicationProvenance,
    Patient: `${CORE}medcom-core-patient`,
    Practitioner: `${CORE}medcom-core-practitioner`,
    PractitionerRole: `${CORE}medcom-core-practitionerrole`,
    CareTeam: `${CORE}medcom-core-careteam`,
    Encounter: `${CORE}medcom-core-encounter`,
  },
  Acknowledgement: {
    Bundle: Profile.acknowledgementMessage,
    MessageHeader: Profile.acknowledgementHeader,
    Provenance: Profile.messagingProvenance,
    OperationOutcome: Profile.acknowledgementOperationOutcome,
  },
};

export function messageTypeOf(resource: Resource): MessageType {
  if (resource.resourceType !== "Bundle") return "unknown";
  const header = (resource as Bundle).entry?.find((e) => e.resource?.resourceType === "MessageHeader")?.resource as
    MessageHeader | undefined;
  if (header?.resourceType !== "MessageHeader" || header.eventCoding?.system !== CodeSystem.eventCodes)
    return "unknown";
  if (header.eventCoding.code === "care-communication-message") return "CareCommunication";
  if (header.eventCoding.code === "acknowledgement-message") return "Acknowledgement";
  return "unknown";
}

export function validateMessage(resource: Resource, options: ValidateOptions = {}): ValidationResult {
  // FHIR syntax first (syntax-checks.ts): a message without FHIR's shape is answered with its shape faults alone.
  const syntax = checkSyntax(resource, readFindings(resource), options.detached);
  if (syntax.some(breaksShape)) return result("unknown", syntax);
  const type = messageTypeOf(resource);
  const ctx = new ValidationContext(resource as Bundle, options.detached);
  checkBundleBasics(ctx, options.sizeBytes);
  for (const issue of syntax) ctx.issues.push(issue);
  if (resource.resourceType !== "Bundle") return result(type, ctx.issues);
  if (!options.built) checkBundleEntries(ctx);
  if (type === "unknown") {
    ctx.error(
      "message-type-unknown",
      ctx.header ? `${ctx.header.path}.eventCoding` : "Bundle.entry[0].resource",
      "The MessageHeader event must be care-communication-message or acknowledgement-message (medcom-messaging-eventCodes).",
      "medcom-messaging-event",
    );
    return result(type, ctx.issues);
  }
  const built = options.built === true;
  if (!built) checkReferences(ctx);
  checkTimeZones(ctx);
  checkNarratives(ctx);
  checkOrganizationIdentifiers(ctx);
  checkPatientIdentifiers(ctx);
  checkProfiles(ctx, type, built);
  if (!built) {
    checkGovernance(ctx, type);
    checkTypeProfiles(ctx, PROFILE_FOR[type]);
    checkExtensions(ctx);
  }
  if (type === "CareCommunication") checkCareCommunication(ctx);
  else checkAcknowledgement(ctx);
  return result(type, ctx.issues);
}

/** A hostile message can break a rule a hundred thousand times; the answer names the first few (issue 11). */
export const MAX_ISSUES = 100;

function result(type: MessageType, found: Issue[]): ValidationResult {
  const issues = foldRepeats(found);
  const valid = !hasErrors(issues);
  if (issues.length <= MAX_ISSUES) return { valid, type, issues };
  // Errors first, so that capping never hides why the message was refused.
  const ordered = [...issues.filter((i) => i.severity === "error"), ...issues.filter((i) => i.severity !== "error")];
  const more = issues.length - MAX_ISSUES;
  const note: Issue = {
    severity: "information",
    code: "more-issues",
    path: "Bundle",
    message: `${more} more issue(s) not listed; correct these and validate again.`,
  };
  return { valid, type, issues: [...ordered.slice(0, MAX_ISSUES), note] };
}

/** The profile each part of the message is judged by: the Bundle's, then each entry's (PROFILE_FOR). */
export function appliedProfiles(ctx: ValidationContext, type: Exclude<MessageType, "unknown">): AppliedProfile[] {
  const profiles = PROFILE_FOR[type];
  const applied: AppliedProfile[] = [
    { url: profiles.Bundle ?? "", root: { value: ctx.bundle, path: "Bundle" }, entry: undefined },
  ];
  const header = ctx.header;
  const messagingOrganizations = new Set(header ? partiesOf(ctx, header) : []);
  for (const entry of ctx.entries) {
    const url =
      entry.resource.resourceType === "Organization"
        ? messagingOrganizations.has(entry)
          ? Profile.messagingOrganization
          : `${CORE}medcom-core-organization`
        : profiles[entry.resource.resourceType];
    if (url !== undefined) applied.push({ url, root: { value: entry.resource, path: entry.path }, entry });
  }
  return applied;
}

function checkProfiles(ctx: ValidationContext, type: Exclude<MessageType, "unknown">, built: boolean): void {
  const applied = appliedProfiles(ctx, type);
  const profiled = new Set<string>();
  for (const { root, url } of applied) {
    ctx.judgedBy.set(root.path, url);
    const rules = profileRules(url);
    if (!built) checkCardinalities(ctx, root, rules);
    checkElementRules(ctx, root, rules);
    profiled.add(root.path);
  }
  if (built) return;
  for (const entry of ctx.entries)
    if (!profiled.has(entry.path))
      checkBaseCardinalities(ctx, { value: entry.resource, path: entry.path }, entry.resource.resourceType);
  // Every invariant of every applied profile (issue 13, class 2), MedCom's and the FHIR R4 base ones.
  checkInvariants(ctx, applied);
}

/** The MessageHeader's sender and receivers are MedComMessagingOrganizations (SOR-ID and EAN-ID required). */
function partiesOf(ctx: ValidationContext, header: Entry): Entry[] {
  const h = header.resource as MessageHeader;
  const refs = [h.sender?.reference, ...(h.destination ?? []).map((d) => d.receiver?.reference)];
  return refs.flatMap((r) => {
    const entry = ctx.resolve(r, header);
    return entry ? [entry] : [];
  });
}

function checkCareCommunication(ctx: ValidationContext): void {
  const header = ctx.header;
  if (header) checkDestinations(ctx, header);
  checkProvenanceOfThisMessage(ctx);
  for (const c of ctx.ofType("Communication")) checkPayloads(ctx, c);
  checkForwardedAttachments(ctx);
  for (const p of ctx.ofType("Provenance")) checkCareCommunicationProvenance(ctx, p);
  checkEpisodeOfCare(ctx);
  checkMaritalStatus(ctx);
}

function checkAcknowledgement(ctx: ValidationContext): void {
  checkAcknowledgementRules(ctx);
  checkProvenanceOfThisMessage(ctx);
  const header = ctx.header;
  if (header) checkDestinations(ctx, header);
}

export { invariantKeys } from "./rules.js";
