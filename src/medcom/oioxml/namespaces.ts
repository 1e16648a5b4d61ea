// Namespace resolution (Namespaces in XML 1.0) over the hardened reader's tree: every element gets its namespace URI
// and local name, whatever prefixes the sender chose — `<m:Emessage xmlns:m="…">` is the same document as the usual
// default-namespace form. The reader (xml.ts) keeps names as written; this is the only place prefixes are looked at.
import { error, type Issue } from "../../util/issues.js";
import type { XmlElement } from "../xml.js";

export const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

export interface OioElement {
  ns: string;
  name: string;
  /** Attributes other than namespace declarations, resolved (unprefixed attributes have no namespace). */
  attrs: readonly { ns: string; name: string; value: string }[];
  children: readonly OioNode[];
}
export type OioNode = OioElement | { text: string };

type Scope = ReadonlyMap<string, string>;

/** The tree with namespaces resolved, or the issues (an undeclared prefix) that prevent it. */
export function resolveNamespaces(root: XmlElement): { element: OioElement } | { issues: Issue[] } {
  const issues: Issue[] = [];
  // No default namespace declared: unprefixed elements are in no namespace ("").
  const element = resolve(
    root,
    new Map([
      ["xml", XML_NAMESPACE],
      ["", ""],
    ]),
    "",
    issues,
  );
  return issues.length > 0 ? { issues } : { element };
}

function resolve(el: XmlElement, parentScope: Scope, parentPath: string, issues: Issue[]): OioElement {
  let scope: Map<string, string> | undefined;
  for (const key in el.attrs) {
    const value = el.attrs[key] as string;
    if (key === "xmlns") (scope ??= new Map(parentScope)).set("", value);
    else if (key.startsWith("xmlns:")) (scope ??= new Map(parentScope)).set(key.slice(6), value);
  }
  const inScope: Scope = scope ?? parentScope;
  const [prefix, local] = split(el.name);
  const path = `${parentPath}/${cut(local, 64)}`;
  const ns = inScope.get(prefix);
  if (ns === undefined) issues.push(undeclared(prefix, path));
  const attrs: { ns: string; name: string; value: string }[] = [];
  for (const key in el.attrs) {
    if (key === "xmlns" || key.startsWith("xmlns:")) continue;
    const [attrPrefix, attrLocal] = split(key);
    // Unprefixed attributes are in no namespace (Namespaces in XML 1.0 §6.2), whatever the default namespace is.
    const attrNs = attrPrefix === "" ? "" : inScope.get(attrPrefix);
    if (attrNs === undefined) issues.push(undeclared(attrPrefix, `${path}/@${cut(key, 64)}`));
    attrs.push({ ns: attrNs ?? "", name: cut(attrLocal, 64), value: el.attrs[key] as string });
  }
  const children: OioNode[] = [];
  for (const child of el.children) {
    children.push("text" in child ? child : resolve(child, inScope, path, issues));
  }
  return { ns: cut(ns ?? "", 200), name: cut(local, 64), attrs, children };
}

/**
 * Names and namespaces from outside end up in issue paths and messages: a longer one than any MedCom name (≤ 64) or
 * namespace (≤ 200) is cut there, with "…" so it can never match one.
 */
const cut = (value: string, max: number): string => (value.length > max ? `${value.slice(0, max)}…` : value);

function split(qname: string): [string, string] {
  const colon = qname.indexOf(":");
  return colon === -1 ? ["", qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

const undeclared = (prefix: string, path: string): Issue =>
  error("oioxml-namespace", path, `The namespace prefix "${cut(prefix, 64)}" is not declared (Namespaces in XML 1.0).`);
