// TEMPORARY stand-ins for the issue 15 API other helpers are writing (plan: A readOioxml/sniffOioxml/writeOioxml,
// B xdis91ToCareCommunication/xctlToAcknowledgement, C careCommunicationToXdis91/acknowledgementToXctls). Replaced by
// re-exports of the real modules when their branches are merged; the signatures are the plan's.
import type { LegacyDocumentIds } from "../domain/ports/legacy-ids.js";
import type { Party } from "../medcom/builders/parties.js";
import type { Bundle } from "../medcom/model/index.js";
import type { OioxmlDocument, Xbin01, Xctl, Xdis91 } from "../medcom/oioxml/model.js";
import type { Issue, Result } from "../util/issues.js";

const missing = (name: string): never => {
  throw new Error(`${name} is not merged yet`);
};

export const readOioxml = (_input: string | Uint8Array): Result<OioxmlDocument> => missing("readOioxml");
export const sniffOioxml = (_input: string | Uint8Array): boolean => missing("sniffOioxml");
export const writeOioxml = (_doc: OioxmlDocument): Uint8Array => missing("writeOioxml");

export interface ToCareCommunicationContext {
  parties: { sender: Party; receiver: Party };
}
export const xdis91ToCareCommunication = (
  _letter: Xdis91,
  _binary: Xbin01 | undefined,
  _ctx: ToCareCommunicationContext,
): { bundle: Bundle; issues: Issue[] } => missing("xdis91ToCareCommunication");
export const xctlToAcknowledgement = (
  _receipts: readonly Xctl[],
  _acknowledged: Bundle,
  _ctx: { newId: () => string; now: string },
): Bundle => missing("xctlToAcknowledgement");

export interface LegacyLetterIds {
  envelope: string;
  letter: string;
  binaryEnvelope: string;
  binaryLetter: string;
}
export const careCommunicationToXdis91 = (
  _bundle: Bundle,
  _ids: LegacyLetterIds,
): Result<{ letter: Xdis91; binary?: Xbin01 }> => missing("careCommunicationToXdis91");
export const acknowledgementToXctls = (
  _ack: Bundle,
  _receipted: readonly LegacyDocumentIds[],
  _ids: readonly { envelope: string; letter: string }[],
  _parties: { sender: string; receiver: string },
): Result<Xctl[]> => missing("acknowledgementToXctls");
