// Hostile input found by the issue-11 sweep (outside values echoed unbounded or unescaped in answers, parser text
// carrying patient data into problem details, hostile Idempotency-Keys, hostile Acknowledgements). Made by the
// project. Every case is a 4xx; an `echo` case also names text that must not come back in the answer, and a bound on
// the answer's size.
import type { HostileCase } from "./cases.js";

export interface EchoCase extends HostileCase {
  /** Text of the request that must not appear in the answer (a hostile value, or patient data from the body). */
  mustNotEcho: string[];
  /** The answer stays this small whatever the request carried. */
  maxAnswerBytes: number;
}

const MESSAGES = "/v1/messages";
const FHIR_JSON = "application/fhir+json";
const FHIR_XML = "application/fhir+xml";
const KB = 1024;

/** A CPR and a name, as a journal system's body would carry them. */
const PATIENT = "Bruno Elmer 2509479989";

export const sweepEchoCases: EchoCase[] = [
  {
    name: "FHIR JSON: a 100 KB resourceType full of line breaks is not echoed as the issue path",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_JSON,
    body: JSON.stringify({ resourceType: "P\nX-Injected: 1\n".repeat(6 * KB) }),
    mustNotEcho: ["P\\nX-Injected", "X-Injected: 1\\nP"],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "FHIR JSON: a contained resource's 10 KB resourceType is not echoed",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_JSON,
    body: JSON.stringify({
      resourceType: "Bundle",
      entry: [{ resource: { resourceType: "Q\r\n".repeat(3 * KB) } }],
    }),
    mustNotEcho: ["Q\\r\\nQ"],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "FHIR XML: a 100 KB root element name outside the FHIR namespace is not echoed in full",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_XML,
    body: `<${"n".repeat(100 * KB)} xmlns="urn:not-fhir"/>`,
    mustNotEcho: ["n".repeat(200)],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "FHIR XML: a 100 KB root element name in the FHIR namespace is not echoed in full",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_XML,
    body: `<${"m".repeat(100 * KB)} xmlns="http://hl7.org/fhir"><id value="x"/></${"m".repeat(100 * KB)}>`,
    mustNotEcho: ["m".repeat(300)],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "FHIR JSON: a 100 KB resourceType of letters is not echoed in full",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_JSON,
    body: JSON.stringify({ resourceType: "R".repeat(100 * KB), id: "x" }),
    mustNotEcho: ["R".repeat(200)],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "FHIR JSON: a body that is not JSON: the parser's snippet of the body (patient data) is not echoed",
    method: "POST",
    path: MESSAGES,
    contentType: FHIR_JSON,
    body: `${PATIENT} skriver om sin søn`,
    mustNotEcho: ["Bruno E"],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "compose JSON: a body that is not JSON: the parser's snippet of the body is not echoed",
    method: "POST",
    path: MESSAGES,
    contentType: "application/json",
    body: `${PATIENT}, patient`,
    mustNotEcho: ["Bruno E"],
    maxAnswerBytes: 4 * KB,
  },
  {
    name: "acknowledgement: a body that is not JSON: the parser's snippet of the body is not echoed",
    method: "POST",
    path: "/v1/acknowledgements",
    as: "gp",
    contentType: FHIR_JSON,
    body: `${PATIENT}, patient`,
    mustNotEcho: ["Bruno E"],
    maxAnswerBytes: 4 * KB,
  },
];

export const sweepHostileCases: HostileCase[] = [
  ...sweepEchoCases.map(({ mustNotEcho: _m, maxAnswerBytes: _b, ...c }) => c),
];
