// Specific sender and recipient (Communication.extension:sender, Communication.recipient; DOMAIN.md §1.5, §1.13).
import type { ComposeRequest, SpecificParty } from "../compose/request.js";
import type { CareTeam, Communication, PractitionerRole, Resource } from "../model/index.js";
import { ExtensionUrl } from "../systems.js";
import { careTeam, practitioner, practitionerRole } from "./parties.js";

export interface SpecificPartyContext {
  newId: () => string;
  senderOrgId: string;
  receiverOrgId: string;
  /** The answered message's Communication (reply), for rule 7. */
  answered?: Communication;
  /** The answered message's PractitionerRoles, Practitioners and CareTeams. */
  earlierPeople: readonly Resource[];
}

export interface SpecificParties {
  /** Reference for Communication.extension:sender. */
  sender?: string;
  /** Reference for Communication.recipient. */
  recipient?: string;
  /** The resources built for them. */
  resources: Resource[];
}

/**
 * Specific sender and recipient: a CareTeam, or a person in a role, of the sending / receiving organisation
 * (invariants -11/-12). Governance rule 7: in a reply, the answered message's specific sender becomes the specific
 * recipient unless the request names one — provided it belongs to the organisation the reply goes to (in a reply to
 * one's own message that is the answered message's specific recipient).
 */
export function specificParties(request: ComposeRequest, ctx: SpecificPartyContext): SpecificParties {
  const resources: Resource[] = [];
  const out: SpecificParties = { resources };
  const add = (party: SpecificParty, organizationId: string): string => {
    const built = specificParty(party, organizationId, ctx.newId);
    resources.push(...built);
    const first = built[0] as Resource;
    return `${first.resourceType}/${first.id ?? ""}`;
  };
  if (request.specificSender) out.sender = add(request.specificSender, ctx.senderOrgId);
  if (request.specificRecipient) out.recipient = add(request.specificRecipient, ctx.receiverOrgId);
  else if (request.kind === "reply") {
    const received = receivedSpecificParty(ctx, `Organization/${ctx.receiverOrgId}`);
    if (received !== undefined) out.recipient = received;
  }
  return out;
}

function specificParty(party: SpecificParty, organizationId: string, newId: () => string): Resource[] {
  if ("careTeam" in party) return [careTeam(newId(), party.careTeam, organizationId)];
  const { given, family, role } = party.practitioner;
  const [roleId, practitionerId] = [newId(), newId()];
  return [
    practitionerRole(roleId, { practitionerId, name: `${given} ${family}`, role, organizationId }),
    practitioner(practitionerId, { given, family }),
  ];
}

/** The answered message's specific sender or recipient that belongs to `organization` (rule 7), if any. */
function receivedSpecificParty(ctx: SpecificPartyContext, organization: string): string | undefined {
  const communication = ctx.answered;
  const candidates = [
    communication?.extension?.find((e) => e.url === ExtensionUrl.specificSender)?.valueReference?.reference,
    ...(communication?.recipient ?? []).map((r) => r.reference),
  ];
  return candidates.find((ref) => {
    const party = ctx.earlierPeople.find((r) => `${r.resourceType}/${r.id ?? ""}` === ref);
    const orgRefs =
      party?.resourceType === "CareTeam"
        ? ((party as CareTeam).managingOrganization ?? []).map((m) => m.reference)
        : [(party as PractitionerRole | undefined)?.organization?.reference];
    return orgRefs.includes(organization);
  });
}
