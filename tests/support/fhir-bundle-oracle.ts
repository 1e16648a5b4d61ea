// An independent reading of a FHIR Bundle, written from the FHIR R4 specification (bundle.html §"Resolving references
// in Bundles", references.html "RESTful URL regex") and deliberately simple: no index, no shared code with the
// gateway. It answers "which Organization does a FHIR receiver read as the sender/receiver of this message?", so a
// test can compare it with what the gateway recorded (issue 11, point 2).

interface AnyResource {
  resourceType?: string;
  id?: string;
  identifier?: { system?: string; value?: string }[];
  sender?: { reference?: string };
  destination?: { receiver?: { reference?: string } }[];
}
interface AnyEntry {
  fullUrl?: string;
  resource?: AnyResource;
}
interface AnyBundle {
  entry?: AnyEntry[];
}

/** references.html: the RESTful URL regex (without the enumeration of resource type names). */
const RESTFUL =
  /^((http|https):\/\/([A-Za-z0-9\-\\.:%$]*\/)+)?([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** What a receiver finds for a reference: the resource, nothing, or more than one candidate. */
export type OracleAnswer = AnyResource | "none" | "ambiguous";

export function oracleResolve(
  message: object,
  reference: string | undefined,
  fromFullUrl: string | undefined,
): OracleAnswer {
  const bundle = message as AnyBundle;
  if (reference === undefined) return "none";
  let absolute: string;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(reference)) {
    // Step 1: an absolute reference is looked up among the fullUrls as it is.
    absolute = reference;
  } else {
    // Step 2: a relative reference [type]/[id] from an entry whose fullUrl is RESTful: that fullUrl's root + the
    // reference. Otherwise it "has no defined meaning within this specification".
    if (!/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(reference)) return "none";
    const m = fromFullUrl === undefined ? null : RESTFUL.exec(fromFullUrl);
    if (m === null) return "none";
    const typeAndId = fromFullUrl!.slice((m[1] ?? "").length);
    const root = fromFullUrl!.slice(0, fromFullUrl!.length - typeAndId.length);
    absolute = root + reference;
  }
  const candidates = (bundle.entry ?? []).filter((e) => e.fullUrl === absolute && e.resource !== undefined);
  if (candidates.length === 0) return "none";
  if (candidates.length > 1) return "ambiguous";
  return candidates[0]!.resource!;
}

const GS1 = ["https://www.gs1.org/gln", "http://www.gs1.org/gln", "urn:oid:1.3.88"];

/** The GLN a FHIR receiver reads for the message's sender and first receiver ("none"/"ambiguous" when it cannot). */
export function oracleParties(message: object): { sender: string; receiver: string } {
  const bundle = message as AnyBundle;
  const headerEntry = (bundle.entry ?? []).find((e) => e.resource?.resourceType === "MessageHeader");
  const header = headerEntry?.resource;
  const gln = (answer: OracleAnswer): string => {
    if (typeof answer === "string") return answer;
    if (answer.resourceType !== "Organization") return "none";
    const found = (answer.identifier ?? []).filter((i) => i.system !== undefined && GS1.includes(i.system));
    return found.length === 1 ? (found[0]!.value ?? "none") : "none";
  };
  return {
    sender: gln(oracleResolve(bundle, header?.sender?.reference, headerEntry?.fullUrl)),
    receiver: gln(oracleResolve(bundle, header?.destination?.[0]?.receiver?.reference, headerEntry?.fullUrl)),
  };
}
