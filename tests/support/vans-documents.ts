// VANSEnvelope 1.0.4 documents for the tests, written from the structure in LEGACY.md §5.1. There is no official
// VANSEnvelope XSD or example file in ../shared (LEGACY.md §0: "content yes, attributable file no"), so these are the
// tests' own: nothing here is validated against a schema file, and none is invented in the project.
export const VANS_NS = "urn:oio:medcom:vans-envelope:1.0.4";
export const ENVELOPE_ID = "2f1c6a0e-8b7d-4c3e-9a51-0d6f3b2e4a17";
export const MESSAGE_ID = "b6f7c2d4-1e3a-4f5b-8c9d-0a1b2c3d4e5f";
export const SENDER = "5790001382445";
export const RECEIVER = "5790000123117";

/** The payload in the envelopes below: a stand-in document, base64 with a line break as wrapping encoders write. */
export const PAYLOAD = '<Bundle xmlns="http://hl7.org/fhir"><id value="x"/></Bundle>';
const base64 = Buffer.from(PAYLOAD, "utf8").toString("base64");
export const PAYLOAD_BASE64 = `${base64.slice(0, 40)}\n      ${base64.slice(40)}`;

const meta = (tag = "MetaInformation"): string => `<${tag}>
      <Identifier>${MESSAGE_ID}</Identifier>
      <Processing>
        <ProviderIdentifier>provider</ProviderIdentifier>
        <ServiceIdentifier>service</ServiceIdentifier>
      </Processing>
      <Document>
        <Format>HL7</Format>
        <Name>MCM:FDIS91#examination-results</Name>
        <Version>5.0</Version>
        <SizeInBytes>${Buffer.byteLength(PAYLOAD)}</SizeInBytes>
      </Document>
      <Transport>
        <Type>reliable</Type>
        <TransformMessage>false</TransformMessage>
        <ServiceTag name="MCM:MIME">application/fhir+xml</ServiceTag>
      </Transport>
    </${tag}>`;

const head = `<?xml version="1.0" encoding="UTF-8"?>
<VANSEnvelope xmlns="${VANS_NS}">
  <SenderID EndPointType="EAN">${SENDER}</SenderID>
  <ReceiverID EndPointType="EAN">${RECEIVER}</ReceiverID>
  <EnvelopeIdentifier>${ENVELOPE_ID}</EnvelopeIdentifier>
  <SentDateTime>2020-08-26T17:12:13</SentDateTime>`;

/** A Message envelope with every optional element present. */
export const messageEnvelope = `${head}
  <Message>
    ${meta()}
    <Data>${PAYLOAD_BASE64}</Data>
  </Message>
</VANSEnvelope>
`;

const error = `<Error>
        <Code>17</Code>
        <Description>Ukendt modtager</Description>
      </Error>`;

const receipt = (body: string): string => `${head}
  <Receipt>
    ${body}
  </Receipt>
</VANSEnvelope>
`;

export const positiveReceipt = receipt(`<PositiveMessage>
      <OriginalEnvelopeIdentifier>${ENVELOPE_ID}</OriginalEnvelopeIdentifier>
      ${meta("OriginalMessage")}
    </PositiveMessage>`);

export const negativeReceipt = receipt(`<NegativeMessage>
      ${error}
      <OriginalEnvelopeIdentifier>${ENVELOPE_ID}</OriginalEnvelopeIdentifier>
      ${meta("OriginalMessage")}
    </NegativeMessage>`);

/** NegativeVans without OriginalMessage (optional there only) and without Error/Code. */
export const negativeVans = receipt(`<NegativeVans>
      <Error><Description>Modtager ikke fundet</Description></Error>
      <OriginalEnvelopeIdentifier>${ENVELOPE_ID}</OriginalEnvelopeIdentifier>
    </NegativeVans>`);

export function replace(doc: string, from: string, to: string): string {
  if (!doc.includes(from)) throw new Error(`mutation: ${JSON.stringify(from)} not in the document`);
  return doc.replace(from, to);
}

export interface VansMutation {
  name: string;
  /** The document to mutate; the message envelope when absent. */
  doc?: string;
  from: string;
  to: string;
  code: string;
  path: string;
}
