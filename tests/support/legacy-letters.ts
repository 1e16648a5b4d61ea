// MedCom's Flow1 XDIS91 and XBIN01 (../shared/medcom/legacy/examples/conversion-flows, read in place) as a legacy
// location sends them, and variants the legacy ingress tests need: without attachments, with two attachments in one
// XBIN01, broken, in another version. Flow1's parties are two demo locations: the child psychiatry in Hillerød
// (sender, GLN.bup) and Gribskov's social services (receiver).
import type { GatewayConfig } from "../../src/config/schema.js";
import { legacyExample } from "./legacy-examples.js";

export const LEGACY_SENDER = "5790001382445";
export const LEGACY_RECEIVER = "5790000121441";
export const FLOW1 = {
  envelope: "KuvNrerwerwe99",
  letter: "Brevt23400929",
  binaryEnvelope: "MEDBIN62529",
  binaryLetter: "031120PWE62528",
  object: "c39ea6b2-6052-45e4-a207-415e0205ab6f",
} as const;
export const SECOND_OBJECT = "0b7c3a53-8d0e-4a55-9e55-3b1f4bd0a7a2";

const text = (name: string) => legacyExample(`conversion-flows/${name}`).toString("utf8");
const bytes = (s: string) => new TextEncoder().encode(s);

/** The demo configuration with Flow1's two parties speaking OIOXML (formats "xdis91" first). */
export function withLegacyParties(config: GatewayConfig): GatewayConfig {
  return {
    ...config,
    locations: config.locations.map((l) =>
      l.gln === LEGACY_SENDER || l.gln === LEGACY_RECEIVER ? { ...l, formats: ["xdis91", ...l.formats] } : l,
    ),
  };
}

/**
 * A compose request for a letter from the child psychiatry to Gribskov's social services (the gateway delivers it as
 * XDIS91, + XBIN01 with attachments); another sender or receiver when a test needs one.
 */
export function legacyLetterCompose(
  options: {
    sender?: string;
    receiver?: string;
    attachments?: { title: string; contentType: string; data: string }[];
  } = {},
) {
  return {
    kind: "new",
    sender: options.sender ?? LEGACY_SENDER,
    receiver: options.receiver ?? LEGACY_RECEIVER,
    patient: { cpr: "2509479989", family: "Elmer", given: ["Bruno"] },
    category: "other",
    topic: "Forundersøgelse",
    text: "Kære kollega",
    author: { given: "Maja", family: "Holm", role: "psykolog", phone: "+4512345678" },
    ...(options.attachments ? { attachments: options.attachments } : {}),
  };
}

/** Flow1's XDIS91 (one BIN reference); `attachments: 0` drops it, `2` adds a second one. */
export function xdis91(options: { attachments?: 0 | 1 | 2; letter?: string; envelope?: string } = {}): Uint8Array {
  let xml = text("Flow1-XDIS91_Ex_to_FHIR.xml");
  const start = xml.indexOf("<Reference>");
  const end = xml.indexOf("</Reference>") + "</Reference>".length;
  const reference = xml.slice(start, end);
  const attachments = options.attachments ?? 1;
  const second = reference.replace(FLOW1.object.replaceAll("-", ""), SECOND_OBJECT.replaceAll("-", ""));
  xml =
    xml.slice(0, start) +
    (attachments === 0 ? "" : attachments === 2 ? reference + second : reference) +
    xml.slice(end);
  if (options.letter)
    xml = xml.replace(`<Identifier>${FLOW1.letter}</Identifier>`, `<Identifier>${options.letter}</Identifier>`);
  if (options.envelope)
    xml = xml.replace(`<Identifier>${FLOW1.envelope}</Identifier>`, `<Identifier>${options.envelope}</Identifier>`);
  return bytes(xml);
}

/** Flow1's XBIN01 (one object); `objects: 2` adds a second one (another UUID, the same file). */
export function xbin01(options: { objects?: 1 | 2 } = {}): Uint8Array {
  let xml = text("Flow1-XBIN01_Ex_to_FHIR.xml");
  if (options.objects === 2) {
    const start = xml.indexOf("<BinaryObject>");
    const end = xml.indexOf("</BinaryObject>") + "</BinaryObject>".length;
    const object = xml.slice(start, end);
    xml = xml.slice(0, end) + object.replace(FLOW1.object, SECOND_OBJECT) + xml.slice(end);
  }
  return bytes(xml);
}

/** An XDIS91 whose Patient lacks its mandatory surname (an XSD violation with a path). */
export const brokenXdis91 = (): Uint8Array =>
  bytes(
    new TextDecoder().decode(xdis91({ attachments: 0 })).replace(/<PersonSurnameName>[^<]*<\/PersonSurnameName>/, ""),
  );

/** An XDIS91 of another version (XD9135L): answered problem_med_version (LEGACY.md §2.4). */
export const otherVersionXdis91 = (): Uint8Array =>
  bytes(new TextDecoder().decode(xdis91({ attachments: 0 })).replace("XD9134L", "XD9135L"));

/** MedCom's Flow4 XCTL03s (from Gribskov's social services back to the child psychiatry): the XDIS91's and the
 *  XBIN01's, each quoting its letter. */
export const FLOW4 = {
  xdis91Envelope: "KuvNrerwerwe00",
  xdis91Letter: "Brevt23400930",
  xbin01Envelope: "MEDBIN62530",
  xbin01Letter: "031120PWE62529",
} as const;
export function xctl03(document: "xdis91" | "xbin01"): Uint8Array {
  return legacyExample(`conversion-flows/Flow4-XCTL03_Ex_to_FHIR_${document === "xdis91" ? "XDIS91" : "XBIN01"}.xml`);
}
