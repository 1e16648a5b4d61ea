// The shapes of what the message, mailbox, thread and directory routes answer, as JSON Schemas by component name.
import { LOCATION_KINDS } from "../../../config/schema.js";
import { ACKNOWLEDGEMENT_CODES } from "../../../domain/record.js";
import type { JsonSchema } from "../../../util/json-schema.js";
import { dateTime, integer, kind, list, object, party, ref, status, string } from "./build.js";

export const MESSAGE_SHAPES: Record<string, JsonSchema> = {
  Issue: object(
    {
      severity: { type: "string", enum: ["error", "warning", "information"] },
      code: string("A stable machine code."),
      rule: string("The MedCom invariant or rule id, where one applies (e.g. medcom-careCommunication-5)."),
      path: string(
        "Where: a FHIRPath-like path for FHIR input, a JSON pointer for JSON, a parameter name for a query.",
      ),
      message: string("A sentence a person can act on."),
    },
    ["severity", "code", "path", "message"],
  ),
  Problem: object(
    {
      type: string(),
      title: string(),
      status: integer(),
      detail: string(),
      instance: string("The request id (X-Request-Id)."),
      issues: list(ref("Issue")),
    },
    ["type", "title", "status", "issues"],
    "RFC 9457 problem details with the gateway's issues.",
  ),
  Party: object({ gln: string("Location number."), name: string() }, ["gln", "name"]),
  SubmitAnswer: object(
    {
      id: string("The MessageHeader.id."),
      status: { type: "string", const: "accepted" },
      thread: string("The conversation (Communication.identifier)."),
      links: object({ self: string(), content: string() }, ["self", "content"]),
      issues: list(
        ref("Issue"),
        "Warnings about the accepted letter, when there are any: e.g. acute-letter (acute matters go by telephone).",
      ),
    },
    ["id", "status", "links"],
  ),
  WaitingForPartner: object(
    {
      status: { type: "string", const: "waiting-for-partner" },
      waitingFor: { type: "string", enum: ["xdis91", "xbin01"], description: "The document that completes it." },
      sender: string("The sending location (GLN)."),
      attachment: string("The attachment UUID linking the XDIS91 and its XBIN01."),
      until: dateTime("When the wait ends; then the sender is answered with a fatal-error acknowledgement (XCTL02)."),
    },
    ["status", "waitingFor", "sender", "attachment"],
  ),
  ReceiptWaiting: object(
    {
      status: { type: "string", const: "waiting-for-partner" },
      waitingFor: { type: "string", const: "xctl" },
      acknowledges: string("The receipted message's MessageHeader.id."),
    },
    ["status", "waitingFor", "acknowledges"],
  ),
  Event: object(
    {
      at: dateTime(),
      type: string(
        "accepted, queued, delivery-attempt, delivered, failed, acknowledgement, acknowledged, rejected, resend, duplicate, network-accepted",
      ),
      detail: { type: "object", additionalProperties: { type: ["string", "number"] } },
    },
    ["at", "type"],
  ),
  AcknowledgementSummary: object(
    {
      id: string(),
      code: { type: "string", enum: [...ACKNOWLEDGEMENT_CODES] },
      at: dateTime(),
      issues: list(object({ code: string(), message: string() }, ["code", "message"])),
    },
    ["id", "code", "at", "issues"],
  ),
  MessageRecord: object(
    {
      id: string(),
      bundleId: string("Bundle.id of the current send (a technical resend has a new one)."),
      thread: string(),
      kind,
      sender: party,
      receiver: party,
      category: string(),
      status,
      createdAt: dateTime(),
      updatedAt: dateTime(),
      deliveryAttempts: integer(),
      deliveredAt: dateTime(),
      failureReason: string(),
      resends: integer(),
      acknowledges: string("For an acknowledgement: the MessageHeader.id it answers."),
      acknowledgement: ref("AcknowledgementSummary"),
      events: list(ref("Event")),
    },
    [
      "id",
      "bundleId",
      "kind",
      "sender",
      "receiver",
      "status",
      "createdAt",
      "updatedAt",
      "deliveryAttempts",
      "resends",
      "events",
    ],
  ),
  MessageBrief: object(
    {
      id: string(),
      kind,
      sender: party,
      receiver: party,
      status,
      createdAt: dateTime(),
      updatedAt: dateTime(),
      deliveryAttempts: integer(),
      resends: integer(),
      thread: string(),
      category: string(),
      acknowledges: string(),
      responseCode: string(),
    },
    ["id", "kind", "sender", "receiver", "status", "createdAt", "updatedAt", "deliveryAttempts", "resends"],
    "What lists show of a message: never a topic, text or patient data.",
  ),
  MessagePage: object({ items: list(ref("MessageBrief")), next: string("The cursor of the next page.") }, ["items"]),
  MailboxPage: object(
    {
      items: list(
        object(
          {
            id: string(),
            kind,
            acknowledges: string(),
            sender: party,
            receiver: party,
            category: string(),
            topic: string(),
            deliveredAt: dateTime(),
            status,
            documents: list(
              string(),
              "A location whose first format is xdis91: the documents the message is fetched as (xdis91, xbin01, " +
                "xctl, xctl-2 …; GET …/messages/{id}/documents/{document}).",
            ),
          },
          ["id", "kind", "sender", "receiver", "deliveredAt", "status"],
        ),
      ),
      next: string(),
    },
    ["items"],
  ),
  AcknowledgementAnswer: object(
    {
      id: string("The Acknowledgement's MessageHeader.id."),
      code: string(),
      acknowledges: string(),
      matched: { type: "boolean" },
    },
    ["id", "code", "acknowledges", "matched"],
  ),
  Thread: object(
    {
      thread: string(),
      items: list(
        object(
          {
            id: string(),
            kind,
            sender: party,
            receiver: party,
            category: string(),
            status,
            createdAt: dateTime(),
            acknowledgement: object({ code: string(), at: dateTime() }, ["code", "at"]),
          },
          ["id", "kind", "sender", "receiver", "status", "createdAt"],
        ),
      ),
    },
    ["thread", "items"],
  ),
  Locations: object(
    {
      items: list(
        object(
          {
            gln: string(),
            sor: string(),
            name: string(),
            kind: { type: "string", enum: [...LOCATION_KINDS] },
            municipality: string(),
            formats: list(string()),
          },
          ["gln", "sor", "name", "kind", "formats"],
        ),
      ),
    },
    ["items"],
  ),
};
