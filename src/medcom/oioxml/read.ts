// Reading MedCom's OIOXML documents (XDIS91, XBIN01, XCTL01/02/03; LEGACY.md §2–§4): decode by the XML declaration,
// parse with the project's hardened reader (xml.ts: no DTD, no entities, depth limit), resolve namespaces, pick the
// schema table by namespace and letter element, check what MedCom's XSDs check, and only then fill the model.
import { error, type Issue, type Result } from "../../util/issues.js";
import { parseXml } from "../xml.js";
import { buildXbin01, buildXctl, buildXdis91 } from "./build.js";
import { checkElement } from "./check.js";
import { VERSION_CODES } from "./codes.js";
import { decodeOioxml } from "./decode.js";
import { type OioxmlDocument, OioNamespace, type Xctl } from "./model.js";
import { type OioElement, resolveNamespaces } from "./namespaces.js";
import type { ComplexType } from "./schema.js";
import { xbin01Emessage } from "./tables-xbin01.js";
import { xctlEmessages } from "./tables-xctl.js";
import { xdis91Emessage } from "./tables-xdis91.js";

export function readOioxml(input: string | Uint8Array): Result<OioxmlDocument> {
  const decoded = decodeOioxml(input);
  if (!decoded.ok) return decoded;
  // XML 1.0 §2.11: CR LF and a lone CR are read as LF (the hardened reader leaves line ends as written).
  const text = decoded.value.includes("\r")
    ? decoded.value.replaceAll("\r\n", "\n").replaceAll("\r", "\n")
    : decoded.value;
  const parsed = parseXml(text);
  if (!parsed.ok) return parsed;
  const resolved = resolveNamespaces(parsed.value);
  if ("issues" in resolved) return { ok: false, issues: resolved.issues };
  const root = resolved.element;
  if (root.name !== "Emessage") return fail(notAnEmessage(root));
  const target = documentType(root);
  if ("issue" in target) return fail(target.issue);
  const issues: Issue[] = [];
  checkElement(root, { name: "Emessage", type: target.table, min: 1, max: 1 }, "/Emessage", root.ns, issues);
  if (issues.length > 0) return { ok: false, issues };
  // A warning from decoding (oioxml-encoding-mismatch) travels with the document.
  return { ok: true, value: target.build(root), issues: decoded.issues };
}

interface Target {
  table: ComplexType;
  build: (root: OioElement) => OioxmlDocument;
}

const RECEIPTS: Readonly<Record<string, Xctl["kind"]>> = {
  PositiveReceipt: "xctl03",
  NegativeReceipt: "xctl02",
  NegativeVansReceipt: "xctl01",
};

/** The schema table for this Emessage: by its namespace and its letter element (the element after Envelope). */
function documentType(root: OioElement): Target | { issue: Issue } {
  const letter = letterElement(root);
  const ns = root.ns;
  if (ns === OioNamespace.xdis91) return { table: xdis91Emessage, build: buildXdis91 };
  if (ns === OioNamespace.xbin01) return { table: xbin01Emessage, build: buildXbin01 };
  if (ns === OioNamespace.xctl || ns === OioNamespace.xctl2020) {
    const kind =
      letter === undefined ? undefined : Object.hasOwn(RECEIPTS, letter.name) ? RECEIPTS[letter.name] : undefined;
    if (kind !== undefined && letter !== undefined) {
      const root = letter.name;
      return { table: xctlEmessages[kind], build: (el) => buildXctl(el, kind, root, ns) };
    }
    // The 2005/08/07 set also holds the older XDIS91 (XD9133L) and XBIN01 (XB0130X): a version the gateway refuses.
    if (letter?.name === "ClinicalEmail" || letter?.name === "BinaryLetter") return { issue: oldVersion(letter) };
    return { issue: notAReceipt(letter) };
  }
  if (ns.startsWith("http://rep.oio.dk/") && letter !== undefined) {
    const version = letterVersion(letter);
    if (version !== undefined) return { issue: oldVersion(letter, ns) };
  }
  return {
    issue: error(
      "oioxml-namespace",
      "/Emessage",
      `The Emessage is in the namespace "${ns}"; the gateway reads XDIS91 (${OioNamespace.xdis91}), XBIN01 (${OioNamespace.xbin01}) and XCTL (${OioNamespace.xctl} or ${OioNamespace.xctl2020}).`,
    ),
  };
}

function letterElement(root: OioElement): OioElement | undefined {
  let seenEnvelope = false;
  for (const child of root.children) {
    if ("text" in child) continue;
    if (seenEnvelope || child.name !== "Envelope") return child;
    seenEnvelope = true;
  }
  return undefined;
}

function letterVersion(letter: OioElement): string | undefined {
  for (const c of letter.children) {
    if ("text" in c || c.name !== "Letter") continue;
    for (const v of c.children) {
      if ("text" in v || v.name !== "VersionCode") continue;
      let value = "";
      for (const t of v.children) if ("text" in t) value += t.text;
      return value.trim();
    }
  }
  return undefined;
}

const shown = (v: string): string => JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v);

function oldVersion(letter: OioElement, ns = letter.ns): Issue {
  const version = letterVersion(letter);
  return error(
    "oioxml-version",
    `/Emessage/${letter.name}/Letter/VersionCode`,
    `This ${letter.name} (VersionCode ${version === undefined ? "absent" : shown(version)}, namespace "${ns}") is not a version the gateway reads: only ${VERSION_CODES.xdis91} (XDIS91) and ${VERSION_CODES.xbin01} (XBIN01) are (LEGACY.md §2.4, as OS2korrespondance).`,
  );
}

function notAReceipt(letter: OioElement | undefined): Issue {
  const names = Object.keys(RECEIPTS).join(", ");
  return letter === undefined
    ? error(
        "oioxml-missing",
        `/Emessage/${names.replaceAll(", ", "|")}`,
        `The receipt Emessage must hold one of ${names} after its Envelope (Letters.xsd).`,
      )
    : error(
        "oioxml-unexpected",
        `/Emessage/${letter.name}`,
        `${letter.name} in the receipt schemas is not handled: the gateway reads ${names} (XCTL01/02/03) there.`,
      );
}

function notAnEmessage(root: OioElement): Issue {
  return error(
    "oioxml-root",
    `/${root.name}`,
    `The root element is ${root.name}${root.ns ? ` in "${root.ns}"` : ""}; an OIOXML document is an Emessage in one of MedCom's namespaces (a FHIR message is sent as application/fhir+xml).`,
  );
}

const fail = (issue: Issue): Result<OioxmlDocument> => ({ ok: false, issues: [issue] });

const OIO_NAMESPACES: ReadonlySet<string> = new Set(Object.values(OioNamespace));

/**
 * A cheap look at the start of the document: is its root element `Emessage` in one of OioNamespace? Reads at most the
 * first 4 KiB, skipping the declaration, comments and processing instructions; no parse, no checks.
 */
export function sniffOioxml(input: string | Uint8Array): boolean {
  const head =
    typeof input === "string"
      ? input.slice(0, 4096)
      : String.fromCharCode(...input.subarray(0, Math.min(input.length, 4096)));
  let i = head.charCodeAt(0) === 0xfeff ? 1 : head.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0;
  for (;;) {
    while (i < head.length && " \t\r\n".includes(head[i] as string)) i++;
    if (head.startsWith("<?", i)) i = after(head, "?>", i);
    else if (head.startsWith("<!--", i)) i = after(head, "-->", i);
    else break;
    if (i === -1) return false;
  }
  if (head[i] !== "<") return false;
  const end = head.indexOf(">", i);
  if (end === -1) return false;
  const tag = head.slice(i + 1, end);
  const nameEnd = tag.search(/[\s/]|$/);
  const qname = tag.slice(0, nameEnd);
  const colon = qname.indexOf(":");
  const local = colon === -1 ? qname : qname.slice(colon + 1);
  if (local !== "Emessage") return false;
  const declaration = colon === -1 ? "xmlns" : `xmlns:${qname.slice(0, colon)}`;
  const ns = attribute(tag.slice(nameEnd), declaration);
  return ns !== undefined && OIO_NAMESPACES.has(ns);
}

function after(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? -1 : at + marker.length;
}

/** The value of attribute `name` in a start tag's attribute text (a simple left-to-right scan). */
function attribute(attrs: string, name: string): string | undefined {
  let i = 0;
  while (i < attrs.length) {
    while (i < attrs.length && " \t\r\n/".includes(attrs[i] as string)) i++;
    const eq = attrs.indexOf("=", i);
    if (eq === -1) return undefined;
    const key = attrs.slice(i, eq).trim();
    let q = eq + 1;
    while (q < attrs.length && " \t\r\n".includes(attrs[q] as string)) q++;
    const quote = attrs[q];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = attrs.indexOf(quote, q + 1);
    if (close === -1) return undefined;
    if (key === name) return attrs.slice(q + 1, close);
    i = close + 1;
  }
  return undefined;
}
