// The XCTL02 answering an OIOXML document the gateway cannot read (plan decision 4; LEGACY.md §4, §7.4): RefuseCode
// syntaksfejl — or problem_med_version for a VersionCode other than XD9134L/XB0131X (§2.4, as OS2korrespondance
// answers) — and RefuseText = MedCom's conversion text and the reasons. An unreadable document has no model, so the
// few facts a receipt quotes (envelope and letter id, version, the two EANs) are picked from the XML tree by element
// name; without an envelope id and both GLNs there is nobody to address a receipt to, and none is made — nor for a
// receipt (XCTL), which is never receipted.
import { isGln, isOioId } from "../../medcom/ids.js";
import { newOioId, toLocalDateTime, writeOioxml, XCTL_VERSION, type Xctl } from "../../medcom/oioxml/index.js";
import { parseXml, type XmlElement } from "../../medcom/xml.js";
import type { Issue } from "../../util/issues.js";
import { CONVERSION_FAILED_TEXT } from "./texts.js";

const MAX_REASONS = 20;
const RECEIPTS = new Set(["PositiveReceipt", "NegativeReceipt", "NegativeVansReceipt"]);

interface Facts {
  envelope: string;
  sender: string;
  receiver: string;
  letter?: { identifier: string; version: string };
}

/** The XCTL02's bytes (ISO-8859-1), or undefined when the document does not say whom to answer. */
export function refusalReceipt(bytes: Uint8Array, issues: readonly Issue[], now: Date): Uint8Array | undefined {
  const facts = factsOf(bytes);
  if (!facts) return undefined;
  const code = issues.some((i) => i.code === "oioxml-version") ? "problem_med_version" : "syntaksfejl";
  const reasons = issues
    .filter((i) => i.severity === "error")
    .slice(0, MAX_REASONS)
    .map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`);
  const refusal = { code, text: [CONVERSION_FAILED_TEXT, ...reasons].join("\n") } as const;
  const receipt: Xctl = {
    kind: "xctl02",
    envelope: {
      sent: toLocalDateTime(now.toISOString()),
      identifier: newOioId(),
      acknowledgementCode: "minuspositivkvitt",
    },
    letter: { identifier: newOioId(), versionCode: XCTL_VERSION.xctl02, statisticalCode: "XCTL02" },
    // The receipt comes from the letter's receiver (on whose behalf the gateway refuses it) back to its sender.
    sender: facts.receiver,
    receiver: facts.sender,
    original: {
      envelopeIdentifier: facts.envelope,
      sender: facts.sender,
      receiver: facts.receiver,
      // At letter level when the letter can be named (as OS2korrespondance and the fixture do, §7.4), else the envelope's.
      ...(facts.letter ? {} : { refusal }),
      letters: facts.letter
        ? [{ identifier: facts.letter.identifier, versionCode: facts.letter.version, refusal }]
        : [],
    },
  };
  return writeOioxml(receipt);
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  for (const node of element?.children ?? []) if ("name" in node && localName(node.name) === name) return node;
  return undefined;
}

function textOf(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  let text = "";
  for (const node of element.children) if ("text" in node) text += node.text;
  return text.trim();
}

function factsOf(bytes: Uint8Array): Facts | undefined {
  // The declared encoding decides (LEGACY.md §2.3); an undecodable document has no facts.
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200))).toLowerCase();
  const latin1 = head.includes("iso-8859-1") || head.includes("latin1");
  const parsed = parseXml(latin1 ? new TextDecoder("latin1").decode(bytes) : bytes);
  if (!parsed.ok || localName(parsed.value.name) !== "Emessage") return undefined;
  const root = parsed.value;
  const envelope = textOf(child(child(root, "Envelope"), "Identifier"));
  const body = root.children.find(
    (n): n is XmlElement => "name" in n && !["Envelope", "Local_Elements"].includes(localName(n.name)),
  );
  // Receipts are never receipted (LEGACY.md §4: AcknowledgementCode minuspositivkvitt): an unreadable XCTL gets none.
  if (!body || RECEIPTS.has(localName(body.name))) return undefined;
  const sender = textOf(child(child(body, "Sender"), "EANIdentifier"));
  const receiver = textOf(child(child(body, "Receiver"), "EANIdentifier"));
  if (!isOioId(envelope) || !isGln(sender) || !isGln(receiver)) return undefined;
  const identifier = textOf(child(child(body, "Letter"), "Identifier"));
  const version = textOf(child(child(body, "Letter"), "VersionCode"));
  const letter =
    isOioId(identifier) && version !== undefined && version.length >= 1 && version.length <= 7
      ? { identifier, version }
      : undefined;
  return { envelope, sender, receiver, ...(letter ? { letter } : {}) };
}
