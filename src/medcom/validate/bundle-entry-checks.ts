// The identity of every entry (issue 11, points 1 and 2): each resource id obeys FHIR's id rule, each entry has one
// fullUrl that agrees with its resource, and no two entries share a fullUrl or a Type/id — otherwise two readers of
// the same Bundle (the gateway and a FHIR receiver resolving by fullUrl) could read different senders.
import { isFhirId, isMessageId, shownValue } from "../ids.js";
import { restfulParts } from "../references/bundle-references.js";
import type { Entry, ValidationContext } from "./context.js";

const URN_UUID = "urn:uuid:";

export function checkBundleEntries(ctx: ValidationContext): void {
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
