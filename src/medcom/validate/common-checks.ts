// Checks every MedCom message shares (Messaging 4.0.2 and governance): Bundle shape, MessageHeader first,
// time zones on timestamps, narrative on every resource, the 100 MB limit.
import type { ValidationContext } from "./context.js";

/** DOMAIN.md §1.12: total message ≤ 100 MB including the VANS envelope. */
export const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

export function checkBundleBasics(ctx: ValidationContext, sizeBytes: number | undefined): void {
  const { bundle } = ctx;
  if (bundle.resourceType !== "Bundle") {
    ctx.error("not-a-bundle", bundle.resourceType, "A MedCom message is a Bundle of type message.", "bundle");
    return;
  }
  if (!bundle.id)
    ctx.error("cardinality-min", "Bundle.id", "Bundle.id is required: a new id for every transmission.", "cardinality");
  if (!bundle.timestamp)
    ctx.error("cardinality-min", "Bundle.timestamp", "Bundle.timestamp is required.", "cardinality");
  const first = bundle.entry?.[0]?.resource;
  if (first?.resourceType !== "MessageHeader") {
    ctx.error(
      "message-header-first",
      "Bundle.entry[0].resource",
      "The first entry of a message Bundle must be its MessageHeader.",
      "bdl-9",
    );
  }
  if (sizeBytes !== undefined && sizeBytes > MAX_MESSAGE_BYTES) {
    ctx.error(
      "message-too-large",
      "Bundle",
      `The message is ${sizeBytes} bytes; MedCom allows at most 100 MB including the envelope. Send fewer or smaller attachments.`,
      "medcom-message-size",
    );
  }
}

const HAS_TIME = /^\d{4}-\d{2}-\d{2}T/;
const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

/** DOMAIN.md §1.11 (052.2): every dateTime/instant with a time SHALL carry a time zone. */
export function checkTimeZones(ctx: ValidationContext): void {
  for (const entry of ctx.entries) visitTimes(ctx, entry.resource, entry.path);
  if (ctx.bundle.timestamp !== undefined && !HAS_ZONE.test(ctx.bundle.timestamp)) reportZone(ctx, "Bundle.timestamp");
}

function visitTimes(ctx: ValidationContext, value: unknown, path: string): void {
  if (typeof value === "string") {
    if (HAS_TIME.test(value) && !HAS_ZONE.test(value)) reportZone(ctx, path);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => visitTimes(ctx, v, `${path}[${i}]`));
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key !== "text" && key !== "data") visitTimes(ctx, child, `${path}.${key}`);
    }
  }
}

function reportZone(ctx: ValidationContext, path: string): void {
  ctx.error(
    "timestamp-timezone",
    path,
    "Timestamps must include a time zone (Z or ±hh:mm).",
    "medcom-timestamp-timezone",
  );
}

const FORBIDDEN_XHTML =
  /<\s*(script|form|iframe|object|embed|base|link|meta|style|input|button)\b|\son[a-z]+\s*=|javascript:/i;

/** Narrative on every resource but the Bundle (GeneralGovernance §5–6; txt-1, txt-2 of dk-core). */
export function checkNarratives(ctx: ValidationContext): void {
  for (const entry of ctx.entries) {
    const text = (entry.resource as { text?: { status?: string; div?: string } }).text;
    if (!text) {
      ctx.warning(
        "narrative-missing",
        `${entry.path}.text`,
        "Every resource except the Bundle should carry a narrative (text.div).",
        "medcom-narrative",
      );
      continue;
    }
    const div = text.div ?? "";
    if (FORBIDDEN_XHTML.test(div)) {
      ctx.error(
        "narrative-unsafe",
        `${entry.path}.text.div`,
        "The narrative may contain only basic XHTML: no scripts, forms, event handlers or styles elements.",
        "txt-1",
      );
    }
    if (text.div !== undefined && !/>[^<\s]|<img\b/.test(div)) {
      ctx.error("narrative-empty", `${entry.path}.text.div`, "The narrative must contain some text.", "txt-2");
    }
    if (/;base64,/.test(div)) {
      ctx.error(
        "narrative-base64",
        `${entry.path}.text.div`,
        "Narratives must not embed base64 attachments (GeneralGovernance §6).",
        "medcom-narrative",
      );
    }
  }
}

/** Messaging §2.5: the Provenance of this exchange targets this message's MessageHeader. */
export function checkProvenanceOfThisMessage(ctx: ValidationContext): void {
  const header = ctx.header;
  if (!header || ctx.ofType("Provenance").length === 0) return;
  const describesThis = ctx
    .ofType("Provenance")
    .some((p) =>
      ((p.resource as { target?: { reference?: string }[] }).target ?? []).some(
        (t) => ctx.resolve(t.reference, p) === header,
      ),
    );
  if (!describesThis) {
    ctx.error(
      "provenance-target",
      "Bundle.entry",
      "One Provenance must describe this message: its target is this message's MessageHeader.",
      "medcom-messaging-provenance-target",
    );
  }
}
