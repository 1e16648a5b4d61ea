// The XDIS91 letter text (Text01) made from a CareCommunication (LEGACY.md §6.4; mapping sheet "CareCommunication ->
// XDIS91" rows Text, Author role/name, Specific sender/recipient, Message status/activity; use case S2 remark 2; test
// protocol S2.A2). XDIS91 has no place for the signature, the specific parties, a reply or forward, extra patient
// numbers or an earlier attachment, so each goes into the text, in this order:
//   1. a reply or forward note (StatusCode stays nytbrev);
//   2. the subject in full when it had to be cut to 70 characters;
//   3. every text segment in payload order, each followed by "Forfatter: <name>" and "Stilling: <role>" (Flow3), and
//      "Organisation: <name>" when another organisation than the sender wrote it (earlier segments of a reply);
//   4. "Specifik afsender: …" / "Specifik modtager: …";
//   5. MedCom's fixed sentence and the patient identifiers that did not fit;
//   6. links too long for Reference/URL and, last (test protocol S2.A2), earlier attachments carried by identifier only.
// Parts are separated by an empty line; every line ends with a line feed (Flow3 ends its Text01 with <Break/>).
import type { MessageKind, MessageParty, Segment } from "../readers/index.js";
import { MORE_THAN_ONE_CPR } from "./to-legacy-patient.js";

/** The notes a reply and a forward get (LEGACY.md §10.4: MedCom gives no wording; ours). */
export const REPLY_NOTE = "Dette er et svar på en tidligere meddelelse.";
export const FORWARD_NOTE = "Dette er en videresendt meddelelse.";

export interface LetterTextParts {
  kind: MessageKind;
  sender: MessageParty;
  segments: readonly Segment[];
  /** The subject in full, when Subject had to be cut. */
  fullSubject?: string;
  /** "name, role" or "team, organisation". */
  specificSender?: string;
  specificRecipient?: string;
  otherIdentifiers: readonly string[];
  attachmentLines: readonly string[];
}

const withNewline = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);
const lines = (...values: string[]): string => values.map((v) => `${v}\n`).join("");

function segmentText(segment: Segment, sender: MessageParty): string {
  let out = withNewline(segment.text ?? "");
  if (segment.author?.name !== undefined) out += lines(`Forfatter: ${segment.author.name}`);
  if (segment.author?.role !== undefined) out += lines(`Stilling: ${segment.author.role}`);
  const org = segment.organization;
  const elsewhere = org !== undefined && (org.gln !== sender.gln || org.sor !== sender.sor);
  if (elsewhere && org.name !== undefined) out += lines(`Organisation: ${org.name}`);
  return out;
}

export function letterText(parts: LetterTextParts): string {
  const blocks: string[] = [];
  if (parts.kind === "reply") blocks.push(lines(REPLY_NOTE));
  if (parts.kind === "forward") blocks.push(lines(FORWARD_NOTE));
  if (parts.fullSubject !== undefined) blocks.push(lines(`Emne: ${parts.fullSubject}`));
  for (const segment of parts.segments) {
    if (segment.kind === "text") blocks.push(segmentText(segment, parts.sender));
  }
  const specific: string[] = [];
  if (parts.specificSender !== undefined) specific.push(`Specifik afsender: ${parts.specificSender}`);
  if (parts.specificRecipient !== undefined) specific.push(`Specifik modtager: ${parts.specificRecipient}`);
  if (specific.length > 0) blocks.push(lines(...specific));
  if (parts.otherIdentifiers.length > 0) blocks.push(lines(`${MORE_THAN_ONE_CPR}:`, ...parts.otherIdentifiers));
  if (parts.attachmentLines.length > 0) blocks.push(lines(...parts.attachmentLines));
  return blocks.join("\n");
}
