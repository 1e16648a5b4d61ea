// Message segments (Communication.payload): a text segment with its structured signature (author, role, phone,
// time), attachment segments, and how earlier segments are carried in replies and forwards (DOMAIN.md §1.6, §1.13).
import type { ComposeAttachment } from "../compose/request.js";
import type { CommunicationPayload, Extension } from "../model/index.js";
import { isCompactBase64, isProvenBase64, markProvenBase64 } from "../proven-base64.js";
import { ExtensionUrl } from "../systems.js";

const WHITE_SPACE = /\s/;

export interface SegmentAuthor {
  roleId: string;
  phone: string;
}

export interface SegmentContext {
  /** `urn:uuid:` segment identifier (medcom-uuidv4). */
  identifier: string;
  now: string;
  /** The organisation that first adds the segment (identifier.assigner). */
  assignerId: string;
  author: SegmentAuthor;
}

function signature(ctx: SegmentContext, withContact: boolean): Extension[] {
  const extensions: Extension[] = [
    { url: ExtensionUrl.segmentDateTime, valueDateTime: ctx.now },
    {
      url: ExtensionUrl.segmentIdentifier,
      valueIdentifier: { value: ctx.identifier, assigner: { reference: `Organization/${ctx.assignerId}` } },
    },
    { url: ExtensionUrl.segmentAuthor, valueReference: { reference: `PractitionerRole/${ctx.author.roleId}` } },
  ];
  if (withContact) {
    extensions.push({
      url: ExtensionUrl.segmentAuthorContact,
      valueContactPoint: { system: "phone", value: ctx.author.phone },
    });
  }
  return extensions;
}

export function textSegment(text: string, ctx: SegmentContext): CommunicationPayload {
  return { extension: signature(ctx, true), contentString: text };
}

export function attachmentSegment(attachment: ComposeAttachment, ctx: SegmentContext): CommunicationPayload {
  const content =
    "data" in attachment
      ? {
          contentType: attachment.contentType,
          // Compact base64 (the compose check's one scan saw no white space) is kept as it is, not searched again.
          data: isCompactBase64(attachment, attachment.data) ? attachment.data : withoutWhiteSpace(attachment.data),
        }
      : { ...(attachment.contentType ? { contentType: attachment.contentType } : {}), url: attachment.url };
  const contentAttachment = {
    ...content,
    // The title is sent as given: no file extension is added (DOMAIN.md §1.2).
    title: attachment.title,
    ...(attachment.creation ? { creation: attachment.creation } : {}),
  };
  // Base64 the compose check proved stays base64 without its white space (issue 17, point 3: not scanned again):
  // compact, as withoutWhiteSpace takes out every character a proved base64 may hold besides its alphabet.
  if ("data" in attachment && isProvenBase64(attachment, attachment.data))
    markProvenBase64(contentAttachment, contentAttachment.data as string, "compact");
  return { extension: signature(ctx, true), contentAttachment };
}

/**
 * The data without white space; the very same string when it has none (no copy of a 100 MB attachment): one native
 * search for a single character class (nothing to backtrack), and the replacing pass only when there is some.
 */
const withoutWhiteSpace = (data: string): string => (WHITE_SPACE.test(data) ? data.replace(/\s+/g, "") : data);

/**
 * An attachment segment a conversion has already worked out (LEGACY.md §6.3, §6.7): its identifier may be given (an
 * XDIS91 attachment keeps the object UUID), and data and title may both be missing — MedCom's deliberately
 * incomplete CareCommunication when the XBIN01 never came.
 */
export interface PreparedAttachment {
  /** `urn:uuid:` segment identifier; a new one when absent. */
  identifier?: string;
  title?: string;
  contentType?: string;
  data?: string;
  url?: string;
}

export function preparedAttachmentSegment(a: PreparedAttachment, ctx: SegmentContext): CommunicationPayload {
  return {
    extension: signature(ctx, true),
    contentAttachment: {
      ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
      ...(a.data !== undefined ? { data: a.data } : {}),
      ...(a.url !== undefined ? { url: a.url } : {}),
      ...(a.title !== undefined ? { title: a.title } : {}),
    },
  };
}

/** Governance rule 6: a reply carries earlier attachments by identifier, time and title only (no data or url). */
export function withoutAttachmentContent(payload: CommunicationPayload): CommunicationPayload {
  if (!payload.contentAttachment) return payload;
  const { data: _data, url: _url, size: _size, hash: _hash, ...kept } = payload.contentAttachment;
  return { ...payload, contentAttachment: kept };
}

export function segmentIdentifier(payload: CommunicationPayload): string | undefined {
  return payload.extension?.find((e) => e.url === ExtensionUrl.segmentIdentifier)?.valueIdentifier?.value;
}
