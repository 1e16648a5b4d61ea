// Legacy conversion figures (issue 15): MedCom's official conversion examples, read + convert + write, in ms.
//   convert.xdis91-to-cc5: Flow1 XDIS91 + XBIN01 (2.4 + 7.4 KB, one 4 KB PDF) → CareCommunication written as FHIR XML
//   convert.cc5-to-xdis91: Flow3 CareCommunication (32 KB FHIR XML) → XDIS91 + XBIN01 written as OIOXML
// Printed by `npm run bench` with the message-core figures; `npx tsx bench/convert.ts` prints these two alone.
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFhir, writeFhirXml } from "../src/medcom/fhir/index.js";
import type { Bundle } from "../src/medcom/model/index.js";
import type { Xbin01, Xdis91 } from "../src/medcom/oioxml/model.js";
import { careCommunicationToXdis91 } from "../src/medcom/convert/cc-to-xdis91.js";
import { xdis91ToCareCommunication } from "../src/medcom/convert/xdis91-to-cc.js";
import { readOioxml, writeOioxml } from "../src/medcom/oioxml/index.js";
import { print, timeSync } from "./measure.js";

const flows = join(import.meta.dirname, "../../shared/medcom/legacy/examples/conversion-flows");
const flow = (name: string) => readFileSync(join(flows, name));

export function printConvertFigures(): void {
  const xdis91 = flow("Flow1-XDIS91_Ex_to_FHIR.xml");
  const xbin01 = flow("Flow1-XBIN01_Ex_to_FHIR.xml");
  const cc = flow("Flow3-CareCommunication_Ex_to_OIOXML.xml");
  // The demo directory's entries for the examples' GLNs (config/gateway.json), as `convert` takes them.
  const parties = {
    sender: { gln: "5790001382445", sor: "359001000016000", name: "Børne- og Ungdomspsykiatrisk Center Hillerød" },
    receiver: { gln: "5790000121441", sor: "328051000016008", name: "Socialforvaltningen Gribskov Kommune" },
  };
  const ids = {
    envelope: "BenchEnvelope1",
    letter: "BenchLetter001",
    binaryEnvelope: "BenchEnvelope2",
    binaryLetter: "BenchLetter002",
  };

  const toFhir = () => {
    const letter = readOioxml(xdis91);
    const binary = readOioxml(xbin01);
    if (!letter.ok || !binary.ok) throw new Error("Flow1 XDIS91 and XBIN01 must be readable");
    const { bundle } = xdis91ToCareCommunication(letter.value as Xdis91, binary.value as Xbin01, { parties });
    return writeFhirXml(bundle);
  };
  const toLegacy = () => {
    const read = readFhir(cc, "xml");
    if (!read.ok) throw new Error("Flow3 CareCommunication must be readable");
    const converted = careCommunicationToXdis91(read.value as Bundle, ids);
    if (!converted.ok) throw new Error("Flow3 CareCommunication must convert");
    const { letter, binary } = converted.value;
    return [writeOioxml(letter), ...(binary ? [writeOioxml(binary)] : [])];
  };
  print(timeSync("convert.xdis91-to-cc5", toFhir));
  print(timeSync("convert.cc5-to-xdis91", toLegacy));
}

const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) printConvertFigures();
