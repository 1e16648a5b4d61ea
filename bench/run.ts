// `npm run bench`: one JSON line per figure, {name, unit, median, p99, n}. Message-core figures for the 19 KB
// official new-message example, with the floor (bare fast-xml-parser parse of the same bytes) in the same run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { buildCareCommunication } from "../src/medcom/builders/index.js";
import { parseComposeRequest } from "../src/medcom/compose/index.js";
import { readFhir, writeFhirXml } from "../src/medcom/fhir/index.js";
import type { Bundle } from "../src/medcom/model/index.js";
import { validateMessage } from "../src/medcom/validate/index.js";
import { printConvertFigures } from "./convert.js";
import { printDirectoryFigures } from "./directory.js";
import { print, timeSync } from "./measure.js";

const root = join(import.meta.dirname, "..");
const example = readFileSync(join(root, "../shared/medcom/examples/cc5-01-new-message.xml"));
const text = example.toString("utf8");

const read = () => {
  const result = readFhir(example, "xml");
  if (!result.ok) throw new Error("cc5-01 must be readable");
  return result.value as Bundle;
};
const model = read();

// A compose request equivalent to cc5-01 (one text segment, topic, category), built with fresh ids each run.
const request = {
  kind: "new",
  sender: "5790000209354",
  receiver: "5790001348120",
  patient: { cpr: "2509479989", family: "Elmer", given: ["Bruno"] },
  category: "examination-results",
  topic: "Forspørgsel på seneste resultater",
  text: "Til rette vedkommende. Vi ønsker information om de seneste undersøgelser udført på Bruno. På forhånd tak. Hilsen Michael, sygeplejerske.",
  author: { given: "Michael", family: "Burns", role: "sygeplejerske", phone: "38683868" },
};
const compose = parseComposeRequest(request);
if (!compose.ok) throw new Error("bench compose request must be valid");
let n = 0;
const newId = () => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, "0")}`;
const parties = {
  sender: { gln: "5790000209354", sor: "265161000016000", name: "Hjerteafdelingen" },
  receiver: { gln: "5790001348120", sor: "953741000016009", name: "Plejecenter Herlev" },
};
const floorParser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false });

print(timeSync("floor.fxp-parse.cc5-01", () => floorParser.parse(text)));
print(timeSync("read.cc5-01", read));
print(timeSync("validate.cc5-01", () => validateMessage(model, { sizeBytes: example.byteLength })));
print(timeSync("read+validate.cc5-01", () => validateMessage(read(), { sizeBytes: example.byteLength })));
print(timeSync("compose-check.cc5-01", () => parseComposeRequest(request)));
print(
  timeSync("build.cc5-01", () =>
    buildCareCommunication(compose.value, { newId, now: "2026-11-22T10:00:00+01:00", parties }),
  ),
);
print(timeSync("write-xml.cc5-01", () => writeFhirXml(model)));

// MedCom's conversion between XDIS91 + XBIN01 and CareCommunication, on its official examples (issue 15).
printConvertFigures();

// The directory of thousands (issue 16, point 3): search and file reading at 20,000 locations.
printDirectoryFigures();

// The imported directory into Redis (issue 16): 20,000 locations imported, and a process loading them.
if (process.env.BENCH_SKIP_DIRECTORY !== "1") {
  const { printDirectoryImportFigures } = await import("./directory-import.js");
  await printDirectoryImportFigures();
}

// Redis bytes per ordinary text letter (issue 17, point 2); BENCH_SKIP_STORAGE=1 skips it.
if (process.env.BENCH_SKIP_STORAGE !== "1") {
  const { printStorageFigure } = await import("./storage.js");
  await printStorageFigure();
}

// End to end as users see it (issue 17): the gateway's api and worker processes driven over HTTP from this process,
// and the floor through the same hop; BENCH_SKIP_E2E=1 prints only the message-core figures.
if (process.env.BENCH_SKIP_E2E !== "1") {
  const { printE2eHttpFigures } = await import("./e2e-http.js");
  await printE2eHttpFigures();
}

// Two 100 MB letters with ordinary traffic through api + worker processes, peak memory per process (issue 17,
// point 1); BENCH_SKIP_LARGE=1 skips it.
if (process.env.BENCH_SKIP_LARGE !== "1") {
  const { printLargeFigures } = await import("./large.js");
  await printLargeFigures();
}

// A receiver down and slow must not hold up letters to the others (issue 12, point 4); BENCH_SKIP_OUTAGE=1 skips it.
if (process.env.BENCH_SKIP_OUTAGE !== "1") {
  const { printOutageFigure } = await import("./outage.js");
  await printOutageFigure();
}
