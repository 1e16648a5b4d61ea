// Every invariant of MedComCareCommunicationMessage and MedComCareCommunication 5.0.x, by its MedCom id
// (FHIRPath in the published profiles; DOMAIN.md §1.3, §1.5). Small named checks instead of a FHIRPath engine.
import { shownValue } from "../ids.js";
import { isMedcomUuidUrn } from "../identifiers.js";
import type { Communication, MessageHeader, PractitionerRole, Reference } from "../model/index.js";
import { ExtensionUrl, MessageDefinition, Profile } from "../systems.js";
import type { Entry, ValidationContext } from "./context.js";

export type InvariantCheck = (ctx: ValidationContext) => void;

const headerOf = (ctx: ValidationContext) => ctx.header?.resource as MessageHeader | undefined;
const headerPath = (ctx: ValidationContext) => ctx.header?.path ?? "Bundle.entry[0].resource";
const communications = (ctx: ValidationContext) => ctx.ofType("Communication");
const categoryCode = (c: Communication) => c.category?.[0]?.coding?.[0]?.code;
const extensions = (value: { extension?: { url: string; valueReference?: Reference }[] }, url: string) =>
  (value.extension ?? []).filter((e) => e.url === url);

/** Resolve the author PractitionerRole of each text/attachment segment. */
function segmentAuthors(ctx: ValidationContext, entry: Entry): { role?: Entry; path: string }[] {
  const payload = (entry.resource as Communication).payload ?? [];
  return payload.flatMap((p, i) =>
    extensions(p, ExtensionUrl.segmentAuthor).map((ext) => {
      const role = ctx.resolve(ext.valueReference?.reference, entry);
      return role ? { role, path: `${entry.path}.payload[${i}]` } : { path: `${entry.path}.payload[${i}]` };
    }),
  );
}

export const CARE_COMMUNICATION_INVARIANTS: Record<string, InvariantCheck> = {
  "medcom-careCommunication-1": (ctx) => {
    const entry = ctx.entries[0];
    const first = entry?.resource;
    const profiles = (first?.resourceType === "MessageHeader" ? first.meta?.profile : undefined) ?? [];
    if (!profiles.some((p) => typeof p === "string" && p.startsWith(Profile.careCommunicationHeader))) {
      ctx.error(
        "invariant",
        // The same FHIRPath location every other issue uses (`…resource.ofType(T)…`), found attacking `serve`.
        `${entry?.path ?? "Bundle.entry[0].resource"}.meta.profile`,
        `The MessageHeader must declare meta.profile ${Profile.careCommunicationHeader}.`,
        "medcom-careCommunication-1",
      );
    }
  },
  "medcom-careCommunication-2": (ctx) => {
    const count = ctx.ofType("Patient").length;
    if (count !== 1)
      ctx.error(
        "invariant",
        "Bundle.entry",
        `A CareCommunication carries exactly one Patient; found ${count}.`,
        "medcom-careCommunication-2",
      );
  },
  "medcom-careCommunication-3": (ctx) => {
    for (const p of ctx.ofType("Provenance")) {
      if (
        !(p.resource.meta?.profile ?? []).some(
          (u) => typeof u === "string" && u.startsWith(Profile.careCommunicationProvenance),
        )
      ) {
        ctx.error(
          "invariant",
          `${p.path}.meta.profile`,
          `Every Provenance must declare meta.profile ${Profile.careCommunicationProvenance}.`,
          "medcom-careCommunication-3",
        );
      }
    }
  },
  "medcom-careCommunication-4": (ctx) => {
    for (const p of ctx.ofType("Practitioner")) {
      if (!(p.resource as { name?: unknown[] }).name?.length)
        ctx.error("invariant", `${p.path}.name`, "Every Practitioner must have a name.", "medcom-careCommunication-4");
    }
  },
  "medcom-careCommunication-5": (ctx) => {
    for (const c of communications(ctx)) {
      const communication = c.resource as Communication;
      if (communication.priority !== undefined && categoryCode(communication) !== "regarding-referral") {
        ctx.error(
          "invariant",
          `${c.path}.priority`,
          "Priority is only allowed when the category is regarding-referral.",
          "medcom-careCommunication-5",
        );
      }
    }
  },
  "medcom-careCommunication-6": (ctx) => {
    for (const c of communications(ctx)) {
      const communication = c.resource as Communication;
      if (categoryCode(communication) === "other" && !communication.topic) {
        ctx.error(
          "invariant",
          `${c.path}.topic`,
          "A topic is required when the category is other.",
          "medcom-careCommunication-6",
        );
      }
    }
  },
  "medcom-careCommunication-7": (ctx) => {
    for (const c of communications(ctx)) {
      for (const { role, path } of segmentAuthors(ctx, c)) {
        const codes = (role?.resource as PractitionerRole | undefined)?.code ?? [];
        const hasCoding = codes.some((cc) => cc.coding?.some((x) => x.code !== undefined));
        const hasText = codes.some((cc) => cc.text !== undefined);
        if (role && hasCoding === hasText) {
          ctx.error(
            "invariant",
            `${role.path}.code`,
            `The author's role (referenced from ${path}) must be given as a code or as text, not both and not neither.`,
            "medcom-careCommunication-7",
          );
        }
      }
    }
  },
  "medcom-careCommunication-8": (ctx) => {
    for (const c of communications(ctx)) {
      for (const { role, path } of segmentAuthors(ctx, c)) {
        const practitioner = ctx.resolve(
          (role?.resource as PractitionerRole | undefined)?.practitioner?.reference,
          role,
        );
        if (!role || !(practitioner?.resource as { name?: unknown[] } | undefined)?.name?.length) {
          ctx.error(
            "invariant",
            path,
            "Each segment's author must resolve to a PractitionerRole whose Practitioner has a name.",
            "medcom-careCommunication-8",
          );
        }
      }
    }
  },
  "medcom-careCommunication-9": (ctx) => {
    for (const c of communications(ctx)) {
      const reference = (c.resource as Communication).encounter?.reference;
      if (reference === undefined) continue;
      const encounter = ctx.resolve(reference, c)?.resource as
        { episodeOfCare?: { identifier?: unknown }[] } | undefined;
      if (!encounter?.episodeOfCare?.some((e) => e.identifier !== undefined)) {
        ctx.error(
          "invariant",
          `${c.path}.encounter`,
          "The referenced Encounter must carry an episodeOfCare identifier.",
          "medcom-careCommunication-9",
        );
      }
    }
  },
  "medcom-careCommunication-11": (ctx) => specificParty(ctx, "sender"),
  "medcom-careCommunication-12": (ctx) => specificParty(ctx, "recipient"),
  "medcom-careCommunication-13": (ctx) => {
    for (const r of ctx.ofType("PractitionerRole")) {
      if ((r.resource as PractitionerRole).practitioner?.reference === undefined) {
        ctx.error(
          "invariant",
          `${r.path}.practitioner`,
          "Every PractitionerRole must reference its Practitioner.",
          "medcom-careCommunication-13",
        );
      }
    }
  },
  // As intended in 5.0.4 (DOMAIN.md §1.2): an Encounter in the bundle ⇔ Communication.encounter references one.
  "medcom-careCommunication-15": (ctx) => {
    const hasEncounter = ctx.ofType("Encounter").length > 0;
    for (const c of communications(ctx)) {
      const referenced = (c.resource as Communication).encounter?.reference !== undefined;
      if (hasEncounter !== referenced) {
        ctx.error(
          "invariant",
          `${c.path}.encounter`,
          hasEncounter
            ? "The bundle has an Encounter, so Communication.encounter must reference it."
            : "Communication.encounter is set but the bundle has no Encounter.",
          "medcom-careCommunication-15",
        );
      }
    }
  },
  "medcom-messaging-2": (ctx) => {
    if (ctx.ofType("Provenance").length === 0)
      ctx.error("invariant", "Bundle.entry", "A MedCom message carries at least one Provenance.", "medcom-messaging-2");
  },
  "medcom-uuidv4": (ctx) => {
    for (const c of communications(ctx)) {
      const communication = c.resource as Communication;
      communication.identifier?.forEach((id, i) => requireUuid(ctx, id.value, `${c.path}.identifier[${i}].value`));
      communication.payload?.forEach((p, i) =>
        (p.extension ?? []).forEach((e, j) => {
          if (e.url === ExtensionUrl.segmentIdentifier)
            requireUuid(ctx, e.valueIdentifier?.value, `${c.path}.payload[${i}].extension[${j}].valueIdentifier.value`);
        }),
      );
    }
  },
  // Published 5.0.2 regex has an unescaped `|` (fixed in 5.0.3); this is the intended form (schemas/README.md).
  "medcom-carecommunication-definition-url": (ctx) => {
    const definition = headerOf(ctx)?.definition;
    if (
      definition !== undefined &&
      !/^http:\/\/medcomfhir\.dk\/ig\/messagedefinitions\/MessageDefinition\/MedComCareCommunicationMessageDefinition\|5\.[0-9]{1,2}$/.test(
        definition,
      )
    ) {
      ctx.error(
        "invariant",
        `${headerPath(ctx)}.definition`,
        `MessageHeader.definition must be ${MessageDefinition.careCommunication} (minor version 5.x).`,
        "medcom-carecommunication-definition-url",
      );
    }
  },
};

/**
 * The value's FORM only: a missing value breaks Communication.identifier.value 1..1 or MedComAssignedIdentifier's
 * Identifier.value 1..1, which cardinality.ts reports at the same element (one fault, one issue; the published
 * expression is empty there too).
 */
function requireUuid(ctx: ValidationContext, value: string | undefined, path: string): void {
  if (value !== undefined && !isMedcomUuidUrn(value)) {
    ctx.error(
      "invariant",
      path,
      `"${shownValue(value)}" must be urn:uuid: followed by a lower-case UUID.`,
      "medcom-uuidv4",
    );
  }
}

/** -11/-12: a specific sender/recipient belongs to the MessageHeader's sender/receiver organisation. */
function specificParty(ctx: ValidationContext, which: "sender" | "recipient"): void {
  const h = headerOf(ctx);
  const organisation = ctx.resolve(
    which === "sender" ? h?.sender?.reference : h?.destination?.[0]?.receiver?.reference,
    ctx.header,
  );
  for (const c of communications(ctx)) {
    const communication = c.resource as Communication;
    const refs =
      which === "sender"
        ? extensions(communication, ExtensionUrl.specificSender).map((e) => e.valueReference)
        : (communication.recipient ?? []);
    for (const ref of refs) {
      const partyEntry = ctx.resolve(ref?.reference, c);
      const party = partyEntry?.resource as
        { managingOrganization?: Reference[]; organization?: Reference } | undefined;
      const owners = [...(party?.managingOrganization ?? []), ...(party?.organization ? [party.organization] : [])];
      if (!owners.some((o) => organisation !== undefined && ctx.resolve(o.reference, partyEntry) === organisation)) {
        const rule = which === "sender" ? "medcom-careCommunication-11" : "medcom-careCommunication-12";
        const role = which === "sender" ? "MessageHeader.sender" : "MessageHeader.destination.receiver";
        ctx.error(
          "invariant",
          which === "sender" ? `${c.path}.extension` : `${c.path}.recipient`,
          `The specific ${which} must belong to the organisation in ${role}.`,
          rule,
        );
      }
    }
  }
}
