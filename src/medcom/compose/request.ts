// The compose request (CONTRACT.md §3): what a journal system posts to have the gateway build a CareCommunication.
// Extensions of the contract (allowed: "change it only by extending it"), all optional:
//   specificSender / specificRecipient: { careTeam: "name" } — a named team at the sending / receiving location, or
//     { practitioner: { given, family, role } } — a named person in a role there (Communication.extension:sender /
//     Communication.recipient; invariants medcom-careCommunication-11/-12: the team or role belongs to that location).
//   encounter: { episodeOfCare: "urn:uuid:…", system?, class?, status? } — an episode of care (DOMAIN.md §1.8);
//     class from medcom-core-encounter-class (default AMB), status an Encounter status (default in-progress).
//   patient may be left out of a reply or forward: the answered message's patient is used.

import type { LetterKind } from "../kinds.js";

export type ComposeKind = LetterKind;

export interface ComposePatient {
  /** CPR (10 digits) or a replacement CPR (x-eCPR / d-eCPR). */
  cpr: string;
  family: string;
  given?: string[];
}

export interface ComposeAuthor {
  given: string;
  family: string;
  /** A code from MedCom's SKS role list (e.g. `psykolog`) or free text. */
  role: string;
  phone: string;
}

export type ComposeAttachment =
  | { title: string; contentType: string; data: string; creation?: string }
  | { title: string; url: string; contentType?: string; creation?: string };

export interface ComposeEncounter {
  episodeOfCare: string;
  system?: string;
  class?: string;
  status?: string;
}

/** A specific sender or recipient inside the sending or receiving organisation (DOMAIN.md §1.5). */
export type SpecificParty = { careTeam: string } | { practitioner: { given: string; family: string; role: string } };

export interface ComposeRequest {
  kind: ComposeKind;
  inReplyTo?: string;
  sender: string;
  receiver?: string;
  patient?: ComposePatient;
  category: string;
  topic?: string;
  priority?: "routine" | "asap";
  text: string;
  author: ComposeAuthor;
  attachments?: ComposeAttachment[];
  specificSender?: SpecificParty;
  specificRecipient?: SpecificParty;
  encounter?: ComposeEncounter;
}
