// Sender and receiver of an XDIS91 / XBIN01 made from a CareCommunication, and its specific sender and recipient as
// text (LEGACY.md §6.4; mapping sheet rows Sender/Receiver EAN, id, identifier type, organisation name, Specific
// sender/recipient). The identifier is the SOR id with IdentifierCode `sorkode` on both sides: the gateway knows
// every party by GLN and SOR id (the sheet's "SOR lookup" for the receiver gives the SOR id the message already has).
import type { CareTeam, Organization, Practitioner, PractitionerRole } from "../model/index.js";
import type { OioParty } from "../oioxml/model.js";
import { ROLE_CODES } from "../compose/codes.js";
import type { MessageParty } from "../readers/index.js";
import type { BundleReferences, BundledEntry } from "../references/bundle-references.js";
import { error, warning, type Issue } from "../../util/issues.js";
import { clip, exceeds } from "./to-legacy-text.js";

/**
 * A party as Sender/Receiver: EANIdentifier = GLN, Identifier (String_1_17) = SOR id, OrganisationName cut to 35
 * characters (LEGACY.md §10.3). A Sender must have a name (SenderNoContactType): without Organization.name it is
 * `GLN <gln>`, with a warning.
 */
export function legacyParty(party: MessageParty, role: "sender" | "receiver", issues: Issue[]): OioParty | undefined {
  const path = `MessageHeader.${role === "sender" ? "sender" : "destination.receiver"}`;
  if (party.gln === "" || party.sor === "" || party.gln.length > 35 || party.sor.length > 17) {
    issues.push(
      error(
        "legacy-party",
        path,
        `The ${role} needs a GLN (EANIdentifier, at most 35 characters) and a SOR id (Identifier, at most 17) in XDIS91.`,
      ),
    );
    return undefined;
  }
  const out: OioParty = { ean: party.gln, identifier: party.sor, identifierCode: "sorkode" };
  const name = clip(party.name, 35);
  if (name !== undefined) out.organisationName = name;
  if (exceeds(party.name, 35)) {
    issues.push(
      warning("legacy-truncated", `${path}.name`, "The organisation name was cut to XDIS91's 35 characters."),
    );
  }
  if (role === "sender" && name === undefined) {
    out.organisationName = `GLN ${party.gln}`;
    issues.push(
      warning("legacy-sender-name", `${path}.name`, "The sender has no name; XDIS91 needs one: its GLN stands in."),
    );
  }
  return out;
}

function personInRole(refs: BundleReferences, entry: BundledEntry): string | undefined {
  const role = entry.resource as PractitionerRole;
  const person = refs.resource<Practitioner>(role.practitioner?.reference, entry, "Practitioner");
  const name = person?.name?.[0];
  const written = name ? [...(name.given ?? []), name.family ?? ""].filter((s) => s !== "").join(" ") : "";
  const code = role.code?.[0];
  const coded = code?.coding?.[0]?.code;
  const roleText = code?.text ?? (coded === undefined ? undefined : (ROLE_CODES?.display(coded) ?? coded));
  const text = [written, roleText ?? ""].filter((s) => s !== "").join(", ");
  return text === "" ? undefined : text;
}

/** A specific sender or recipient as "name, role" (PractitionerRole) or "team, organisation" (CareTeam). */
export function specificPartyText(
  refs: BundleReferences,
  reference: string | undefined,
  from: BundledEntry | undefined,
): string | undefined {
  const entry = refs.resolve(reference, from);
  if (entry?.resource.resourceType === "PractitionerRole") return personInRole(refs, entry);
  if (entry?.resource.resourceType !== "CareTeam") return undefined;
  const team = entry.resource as CareTeam;
  const org = refs.resource<Organization>(team.managingOrganization?.[0]?.reference, entry, "Organization");
  const text = [team.name ?? "", org?.name ?? ""].filter((s) => s !== "").join(", ");
  return text === "" ? undefined : text;
}
