// Reading a VANSEnvelope 1.0.4 (LEGACY.md §5.1) from untrusted bytes: refuse anything over 100 MB before parsing
// (DOMAIN.md §1.12), parse with the project's hardened reader (xml.ts: UTF-8 only, no DTD, no entities, a depth
// limit), resolve namespaces, and check the document against the declarative table (tables.ts) with the OIOXML
// checker (oioxml/check.ts), whose `oioxml-*` codes are given here as `vans-*`. Every problem is reported with its path.
//
// Memory (a message may be 100 MB): the caller's bytes, the decoded text the reader builds its tree from, and the
// Data text node of that tree (which the model keeps; it is decoded to bytes only when data.bytes() is called). No
// white-space stripping or line-end normalisation copies the text (base64 is checked in place, types.ts).
import { error, type Issue, type Result } from "../../util/issues.js";
import { checkElement } from "../oioxml/check.js";
import { resolveNamespaces } from "../oioxml/namespaces.js";
import { parseXml } from "../xml.js";
import { buildEnvelope } from "./build.js";
import { VANS_MAX_BYTES, VANS_NAMESPACE, type VansEnvelope } from "./model.js";
import { vansEnvelopeType } from "./tables.js";

export function readVansEnvelope(input: Uint8Array | string): Result<VansEnvelope> {
  const size = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (size > VANS_MAX_BYTES)
    return fail(
      error(
        "vans-too-large",
        "/VANSEnvelope",
        `The envelope is ${size} bytes; MedCom allows 100 MB (${VANS_MAX_BYTES} bytes) including the envelope.`,
      ),
    );
  const parsed = parseXml(input);
  if (!parsed.ok) return parsed;
  const resolved = resolveNamespaces(parsed.value);
  if ("issues" in resolved) return { ok: false, issues: resolved.issues.map(asVans) };
  const root = resolved.element;
  if (root.name !== "VANSEnvelope")
    return fail(
      error(
        "vans-root",
        `/${root.name}`,
        `The root element is ${root.name}; a VANS envelope is a VANSEnvelope in "${VANS_NAMESPACE}".`,
      ),
    );
  if (root.ns !== VANS_NAMESPACE)
    return fail(
      error(
        "vans-namespace",
        "/VANSEnvelope",
        `The VANSEnvelope is in the namespace "${root.ns.slice(0, 80)}"; the gateway reads version 1.0.4, "${VANS_NAMESPACE}".`,
      ),
    );
  const issues: Issue[] = [];
  checkElement(
    root,
    { name: "VANSEnvelope", type: vansEnvelopeType, min: 1, max: 1 },
    "/VANSEnvelope",
    root.ns,
    issues,
  );
  if (issues.length > 0) return { ok: false, issues: issues.map(asVans) };
  return { ok: true, value: buildEnvelope(root), issues: [] };
}

/** The checker's vocabulary (oioxml-missing, -order, -length …) in this layer's: vans-missing, vans-order … */
const asVans = (issue: Issue): Issue =>
  issue.code.startsWith("oioxml-") ? { ...issue, code: `vans-${issue.code.slice("oioxml-".length)}` } : issue;

const fail = (issue: Issue): Result<VansEnvelope> => ({ ok: false, issues: [issue] });
