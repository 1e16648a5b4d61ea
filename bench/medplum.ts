// `npx tsx bench/medplum.ts`: issue 13's speed comparison on the 19 KB official new-message example (cc5-01), one JSON
// line per figure as `npm run bench` prints them. medplum (@medplum/core validateResource, a dev dependency) is timed
// as the differential test uses it: the Bundle against R4 alone, and as HL7's validator would be asked (the Bundle
// against its claimed MedCom profile plus every entry against the profiles it claims). Not part of `npm run bench`:
// medplum is a test-only dependency.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readFhir } from "../src/medcom/fhir/index.js";
import type { Bundle } from "../src/medcom/model/index.js";
import { validateMessage } from "../src/medcom/validate/index.js";
import { loadMedplum } from "../tests/support/medplum.js";
import { print, timeSync } from "./measure.js";

const example = readFileSync(join(import.meta.dirname, "../../shared/medcom/examples/cc5-01-new-message.xml"));
const read = readFhir(example, "xml");
if (!read.ok) throw new Error("cc5-01 must be readable");
const model = read.value as Bundle;

const medplum = await loadMedplum();
print(timeSync("validate.cc5-01", () => validateMessage(model, { sizeBytes: example.byteLength })));
print(timeSync("medplum.r4-only.cc5-01", () => medplum.judgeBase(model), 200, 30));
print(timeSync("medplum.with-profiles.cc5-01", () => medplum.judge(model), 200, 30));
