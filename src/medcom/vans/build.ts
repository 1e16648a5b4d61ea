// The checked VANSEnvelope tree (tables.ts passed) as the model (model.ts). Only called after the checker found no
// error, so every required element is there and every value has its type: the casts below rely on that.
import { textOf } from "../oioxml/check.js";
import type { OioElement } from "../oioxml/namespaces.js";
import { trimXml } from "../oioxml/simple-types.js";
import { dataFromBase64 } from "./data.js";
import type {
  DocumentFormat,
  EndPointType,
  TransportType,
  VansEndPoint,
  VansEnvelope,
  VansError,
  VansMetaInformation,
  VansReceipt,
} from "./model.js";

const children = (el: OioElement, name: string): OioElement[] =>
  el.children.filter((c): c is OioElement => !("text" in c) && c.name === name);
const child = (el: OioElement, name: string): OioElement | undefined => children(el, name)[0];
const need = (el: OioElement, name: string): OioElement => child(el, name) as OioElement;
const value = (el: OioElement, name: string): string | undefined => {
  const c = child(el, name);
  return c === undefined ? undefined : textOf(c);
};
/** A value of a type that collapses white space (token, dateTime, int, boolean, UUIDs as the reader trims none). */
const token = (el: OioElement, name: string): string => trimXml(value(el, name) ?? "");
const attr = (el: OioElement, name: string): string =>
  el.attrs.find((a) => a.ns === "" && a.name === name)?.value ?? "";

function endPoint(el: OioElement): VansEndPoint {
  return { id: trimXml(textOf(el)), type: trimXml(attr(el, "EndPointType")) as EndPointType };
}

export function buildMeta(el: OioElement): VansMetaInformation {
  const meta: VansMetaInformation = {
    identifier: value(el, "Identifier") as string,
    document: documentOf(need(el, "Document")),
  };
  const processing = child(el, "Processing");
  if (processing)
    meta.processing = {
      providerIdentifier: value(processing, "ProviderIdentifier") as string,
      serviceIdentifier: value(processing, "ServiceIdentifier") as string,
    };
  const transport = child(el, "Transport");
  if (transport) {
    const type = child(transport, "Type");
    const flag = token(transport, "TransformMessage");
    meta.transport = {
      ...(type ? { type: textOf(type) as TransportType } : {}),
      transformMessage: flag === "true" || flag === "1",
      serviceTags: children(transport, "ServiceTag").map((t) => ({ name: attr(t, "name"), value: textOf(t) })),
    };
  }
  return meta;
}

function documentOf(el: OioElement): VansMetaInformation["document"] {
  const version = value(el, "Version");
  return {
    format: value(el, "Format") as DocumentFormat,
    name: value(el, "Name") as string,
    ...(version === undefined ? {} : { version }),
    sizeInBytes: Number(token(el, "SizeInBytes")),
  };
}

function errorOf(el: OioElement): VansError {
  const code = child(el, "Code");
  const description = value(el, "Description") as string;
  return code === undefined ? { description } : { code: Number(trimXml(textOf(code))), description };
}

function receiptOf(receipt: OioElement): VansReceipt {
  const body = receipt.children.find((c): c is OioElement => !("text" in c)) as OioElement;
  const originalEnvelopeIdentifier = value(body, "OriginalEnvelopeIdentifier") as string;
  const original = child(body, "OriginalMessage");
  if (body.name === "PositiveMessage")
    return { kind: "positive-message", originalEnvelopeIdentifier, originalMessage: buildMeta(original as OioElement) };
  const error = errorOf(need(body, "Error"));
  if (body.name === "NegativeMessage")
    return {
      kind: "negative-message",
      error,
      originalEnvelopeIdentifier,
      originalMessage: buildMeta(original as OioElement),
    };
  return {
    kind: "negative-vans",
    error,
    originalEnvelopeIdentifier,
    ...(original ? { originalMessage: buildMeta(original) } : {}),
  };
}

export function buildEnvelope(root: OioElement): VansEnvelope {
  const head = {
    sender: endPoint(need(root, "SenderID")),
    receiver: endPoint(need(root, "ReceiverID")),
    envelopeIdentifier: value(root, "EnvelopeIdentifier") as string,
    sentDateTime: token(root, "SentDateTime"),
  };
  const message = child(root, "Message");
  if (message === undefined) return { ...head, kind: "receipt", receipt: receiptOf(need(root, "Receipt")) };
  // textOf joins the Data element's text nodes: one node as the reader builds it, so no copy of the payload is made.
  const data = dataFromBase64(textOf(need(message, "Data")));
  return { ...head, kind: "message", meta: buildMeta(need(message, "MetaInformation")), data };
}
