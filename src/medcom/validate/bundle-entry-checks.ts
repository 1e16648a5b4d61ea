// The identity of every entry (issue 11, points 1 and 2): each resource id obeys FHIR's id rule, each entry has one
// fullUrl that agrees with its resource, and no two entries share a fullUrl or a Type/id — otherwise two readers of
// the same Bundle (the gateway and a FHIR receiver resolving by fullUrl) could read different senders.
import { isFhirId, isMessageId, shownValue } from "../ids.js";
import { restfulParts } from "../references/bundle-references.js";
import type { Entry, ValidationContext } from "./context.js";

const URN_UUID = "urn:uuid:";

export function checkBundleEntries(ctx: ValidationContext): void {
  checkBundleTypeRules(ctx);
  const bundleId = ctx.bundle.id as unknown;
  if (bundleId !== undefined && !isFhirId(bundleId)) reportId(ctx, "Bundle.id", bundleId);
  for (const entry of ctx.entries) {
    const id = entry.resource.id as unknown;
    if (id !== undefined && !isFhirId(id)) reportId(ctx, `${entry.path}.id`, id);
    checkFullUrl(ctx, entry);
  }
  // The MessageHeader.id is the gateway's key for the message (Redis keys, file names, URLs): MedCom's UUID, checked
  // here before anything uses it (issue 11, point 1; DOMAIN.md §1.11, §2.4).
  const header = ctx.header;
  const headerId = header?.resource.id as unknown;
  if (header && headerId !== undefined && !isMessageId(headerId)) {
    const shown = typeof headerId === "string" ? shownValue(headerId) : `a ${typeof headerId}`;
    ctx.error(
      "message-id",
      `${header.path}.id`,
      `The MessageHeader.id ${shown} must be a UUID in lower case (MedCom: a new UUID for every message).`,
      "message-id",
    );
  }
  for (const [fullUrl, entries] of ctx.references.duplicateFullUrls()) {
    for (const e of entries.slice(1)) {
      ctx.error(
        "bundle-fullurl-duplicate",
        `Bundle.entry[${e.index}].fullUrl`,
        `The fullUrl ${shownValue(fullUrl)} is also the fullUrl of Bundle.entry[${entries[0]?.index ?? 0}]; every entry needs its own.`,
        "bdl-7",
      );
    }
  }
  for (const [key, entries] of ctx.references.duplicateResources()) {
    for (const e of entries.slice(1)) {
      ctx.error(
        "bundle-resource-duplicate",
        `Bundle.entry[${e.index}].resource.id`,
        `${shownValue(key)} is also the resource of Bundle.entry[${entries[0]?.index ?? 0}]; each resource of a message is carried once, under its own id.`,
        "bundle-resource-unique",
      );
    }
  }
}

/** FHIR R4 datatypes §id: 1–64 characters of A–Z, a–z, 0–9, `-` and `.`. */
function reportId(ctx: ValidationContext, path: string, id: unknown): void {
  const shown = typeof id === "string" ? shownValue(id) : `a ${typeof id}`;
  ctx.error(
    "fhir-id",
    path,
    `The id ${shown} is not a FHIR id (1 to 64 of the characters A-Z, a-z, 0-9, '-' and '.').`,
    "fhir-id",
  );
}

/**
 * Bundle.entry.fullUrl (bundle.html §fullUrl): present; not version-specific (bdl-8); either `urn:uuid:` with the
 * resource's id as its UUID, or a RESTful URL (an http(s) root or none, as MedCom's converted acknowledgement example
 * has) ending in the resource's own Type/id — "the fullUrl SHALL NOT disagree with the id in the resource".
 */
function checkFullUrl(ctx: ValidationContext, entry: Entry): void {
  const path = `Bundle.entry[${entry.index}].fullUrl`;
  const raw = (ctx.bundle.entry?.[entry.index] as { fullUrl?: unknown } | undefined)?.fullUrl;
  const { resourceType, id } = entry.resource;
  const own = `${resourceType}/${typeof id === "string" ? shownValue(id) : ""}`;
  const fail = (message: string, rule = "bundle-fullurl") => ctx.error("bundle-fullurl", path, message, rule);
  if (typeof raw !== "string") {
    fail(`Every entry of a message needs a fullUrl (e.g. https://…/${own}) so references resolve the FHIR way.`);
    return;
  }
  if (raw.includes("/_history/")) {
    fail(`The fullUrl ${shownValue(raw)} is a version-specific reference; a fullUrl may not be one.`, "bdl-8");
    return;
  }
  if (raw.startsWith(URN_UUID)) {
    const uuid = raw.slice(URN_UUID.length);
    if (!isMessageId(uuid) || uuid !== id) {
      fail(`The fullUrl ${shownValue(raw)} must be urn:uuid: followed by the resource's id as a lower-case UUID.`);
    }
    return;
  }
  const parts = restfulParts(raw);
  if (parts === undefined || parts.type !== resourceType || parts.id !== id) {
    fail(`The fullUrl ${shownValue(raw)} disagrees with its resource; it must be a RESTful URL ending in ${own}.`);
  }
}

/** Bundle types that carry entry.request (bdl-3), entry.response (bdl-4), entry.search (bdl-2) and total (bdl-1). */
const REQUEST_TYPES: ReadonlySet<string> = new Set(["batch", "transaction", "history"]);
const RESPONSE_TYPES: ReadonlySet<string> = new Set(["batch-response", "transaction-response", "history"]);

/**
 * FHIR R4 Bundle invariants on what belongs to which Bundle type (bundle.html): bdl-1 total only for a searchset or
 * history, bdl-2 entry.search only for a searchset, bdl-3 entry.request for batch/transaction/history and otherwise
 * prohibited, bdl-4 entry.response for batch-response/transaction-response/history and otherwise prohibited. A
 * MedCom message is a Bundle of type message, so none of these may appear in it.
 */
function checkBundleTypeRules(ctx: ValidationContext): void {
  const bundle = ctx.bundle as { type?: unknown; total?: unknown; entry?: unknown };
  const type = typeof bundle.type === "string" ? bundle.type : "";
  const shownType = shownValue(type || "(none)");
  if (bundle.total !== undefined && type !== "searchset" && type !== "history")
    ctx.error(
      "bundle-type-rule",
      "Bundle.total",
      `A Bundle of type ${shownType} has no total (only a search set or history has).`,
      "bdl-1",
    );
  if (!Array.isArray(bundle.entry)) return;
  bundle.entry.forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== "object") return;
    const entry = raw as { search?: unknown; request?: unknown; response?: unknown };
    if (entry.search !== undefined && type !== "searchset")
      ctx.error(
        "bundle-type-rule",
        `Bundle.entry[${i}].search`,
        `Only a search set's entries have search; this Bundle is a ${shownType}.`,
        "bdl-2",
      );
    if ((entry.request !== undefined) !== REQUEST_TYPES.has(type))
      ctx.error(
        "bundle-type-rule",
        `Bundle.entry[${i}].request`,
        REQUEST_TYPES.has(type)
          ? `Every entry of a ${shownType} Bundle has a request.`
          : `A ${shownType} Bundle's entries have no request (only batch, transaction and history have).`,
        "bdl-3",
      );
    if ((entry.response !== undefined) !== RESPONSE_TYPES.has(type))
      ctx.error(
        "bundle-type-rule",
        `Bundle.entry[${i}].response`,
        RESPONSE_TYPES.has(type)
          ? `Every entry of a ${shownType} Bundle has a response.`
          : `A ${shownType} Bundle's entries have no response (only batch-response, transaction-response and history have).`,
        "bdl-4",
      );
  });
}
