// Would this model be a document MedCom's XSDs accept? Converters (CareCommunication → XDIS91/XBIN01, Acknowledgement →
// XCTL) build the model from FHIR, whose limits differ (a 40-character organisation name, a missing name): this writes
// it and reads it back with exactly the checks an incoming document gets, so the answer is the reader's, with paths.
import { error, type Issue } from "../../util/issues.js";
import type { OioxmlDocument } from "./model.js";
import { readOioxml } from "./read.js";
import { writeOioxml } from "./write.js";

/** The errors the written document would have (empty when it is valid). */
export function checkOioxml(doc: OioxmlDocument): Issue[] {
  let bytes: Uint8Array;
  try {
    bytes = writeOioxml(doc);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [error("oioxml-character", "/Emessage", `The document cannot be written as XML: ${reason}`)];
  }
  const read = readOioxml(bytes);
  return read.ok ? [] : read.issues;
}
