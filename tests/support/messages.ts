// Reading messages in tests: official examples from ../shared, parsed with the project's own reader.
import { readFhir } from "../../src/medcom/fhir/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { readExampleBytes } from "./shared.js";

export function readBundle(input: string | Uint8Array, format: "xml" | "json"): Bundle {
  const result = readFhir(input, format);
  if (!result.ok) throw new Error(`unreadable test message: ${JSON.stringify(result.issues)}`);
  return result.value as Bundle;
}

export function readExampleBundle(name: string): Bundle {
  return readBundle(readExampleBytes(name), name.endsWith(".json") ? "json" : "xml");
}
