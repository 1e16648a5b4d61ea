// A posted message's bytes read as FHIR XML or JSON; what cannot be read is malformed input (400).
import { GatewayError } from "../../errors.js";
import { readFhir, type FhirFormat } from "../../medcom/fhir/index.js";
import type { Resource } from "../../medcom/model/index.js";

export function parseMessageBytes(bytes: Uint8Array, format: FhirFormat): Resource {
  const read = readFhir(bytes, format);
  if (!read.ok) throw new GatewayError("malformed", read.issues);
  return read.value;
}
