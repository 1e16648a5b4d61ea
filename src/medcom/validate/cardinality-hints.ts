// MedCom's own wording for the cardinalities a sender most often gets wrong, appended to the generic issue (the
// count itself is checked once, by cardinality.ts, from the derived tree). Keyed by element id, with slice names.
export const SLICE_HINTS: Readonly<Record<string, string>> = {
  "MessageHeader.destination:primary":
    "A message has exactly one primary destination (destination-use extension with code primary).",
  "MessageHeader.destination:cc": "Carbon-copy destinations are not allowed in this message.",
  "MessageHeader.response": "An Acknowledgement must say which message it answers (response).",
  "Communication.payload:string": "Every message contains at least one text segment (payload with contentString).",
  "Communication.payload:string.extension:date":
    "A text segment is signed with date, identifier, author and author contact extensions (DOMAIN.md §1.6).",
  "Communication.payload:string.extension:author":
    "A text segment is signed with date, identifier, author and author contact extensions (DOMAIN.md §1.6).",
  "Communication.payload:string.extension:authorContact":
    "A text segment is signed with date, identifier, author and author contact extensions (DOMAIN.md §1.6).",
  "Communication.payload:string.extension:identifier":
    "A text segment is signed with date, identifier, author and author contact extensions (DOMAIN.md §1.6).",
  "Communication.payload:attachment.extension:date":
    "An attachment segment carries its date and identifier extensions.",
  "Communication.payload:attachment.extension:identifier":
    "An attachment segment carries its date and identifier extensions.",
  "Communication.payload:attachment.content[x].title": "An attachment needs a title (without an added file extension).",
  "Provenance.entity:payload": "The Provenance names each segment this message added (entity role source).",
  "Provenance.entity:preceedingMessage": "At most one previous message (entity role revision).",
  "Provenance.occurred[x]:occurredDateTime": "Provenance.occurredDateTime is the human-readable send time.",
  "Organization.identifier:EAN-ID": "The sender and every receiver are named by exactly one GLN/EAN identifier.",
  "Organization.identifier:SOR-ID": "An organisation is named by exactly one SOR identifier (urn:oid:1.2.208.176.1.1).",
  "Patient.name:official": "The patient needs exactly one official name (use official).",
  "Patient.name:official.family": "The patient's official name must have a family name.",
};
