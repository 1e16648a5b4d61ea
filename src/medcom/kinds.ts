// The words MedCom gives a message and an acknowledgement, defined once for the whole gateway. They live in the core
// (not in src/domain) because the core's builders and readers need them and the core imports nothing of the gateway;
// src/domain re-exports them as the domain's vocabulary.

/** A CareCommunication's kind (its MessageHeader.eventCoding: new-, reply-, forward-message) or an Acknowledgement. */
export const MESSAGE_KINDS = ["new", "reply", "forward", "acknowledgement"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The kinds of a letter (a CareCommunication): what a journal system composes. */
export const LETTER_KINDS = ["new", "reply", "forward"] as const satisfies readonly MessageKind[];
export type LetterKind = (typeof LETTER_KINDS)[number];

/** MessageHeader.response.code of an Acknowledgement (FHIR's response-code value set). */
export const ACKNOWLEDGEMENT_CODES = ["ok", "transient-error", "fatal-error"] as const;
export type AcknowledgementCode = (typeof ACKNOWLEDGEMENT_CODES)[number];
