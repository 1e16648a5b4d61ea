// OIOXML over HTTP (issue 15, point 3; plan decisions 4–5): `application/xml` or `text/xml` bodies whose root is an
// OIOXML Emessage go to the legacy use cases (any other XML body is a FHIR Bundle, as before). An unreadable document
// is a 422: problem+json with every issue and its path, or — for a caller that asks for `application/xml` — the
// XCTL02 itself (RefuseCode syntaksfejl or problem_med_version, RefuseText MedCom's conversion text and the reasons).
import type { Context } from "hono";
import { sniffOioxml } from "../medcom/oioxml/index.js";
import type { UseCaseDeps } from "../usecases/deps.js";
import { refusalReceipt } from "../usecases/legacy/refusal-receipt.js";
import { UnreadableOioxml } from "../usecases/legacy/read-document.js";
import type { AppEnv } from "./env.js";

const XML_TYPES = new Set(["application/xml", "text/xml"]);

/** Plain XML (not FHIR's own media type) holding an OIOXML Emessage. */
export function isOioxmlBody(contentType: string | undefined, bytes: Uint8Array): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return XML_TYPES.has(type) && sniffOioxml(bytes);
}

/** A caller that asks for XML gets its refusal as an XCTL02 (a legacy system reads receipts, not problem+json). */
const wantsXml = (accept: string | undefined): boolean => /(application|text)\/xml/i.test(accept ?? "");

/** Run `handle`; an unreadable document is answered with the XCTL02 when the caller asks for XML (and one can be
 *  addressed), otherwise the error goes on to the problem+json answer. */
export async function answeringUnreadable(
  c: Context<AppEnv>,
  deps: Pick<UseCaseDeps, "now">,
  handle: () => Promise<Response>,
): Promise<Response> {
  try {
    return await handle();
  } catch (err) {
    if (!(err instanceof UnreadableOioxml) || !wantsXml(c.req.header("Accept"))) throw err;
    const receipt = refusalReceipt(err.bytes, err.issues, deps.now());
    if (!receipt) throw err;
    return c.body(new Uint8Array(receipt), 422, { "Content-Type": "application/xml; charset=ISO-8859-1" });
  }
}
