// Access to ../shared (MedCom examples and profiles) from tests. They are third-party files: read, never copied.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedRoot = resolve(projectRoot, "../shared");

if (!existsSync(join(sharedRoot, "medcom"))) {
  throw new Error(`../shared/medcom is missing beside the project (looked in ${sharedRoot})`);
}

export const examplesDir = join(sharedRoot, "medcom/examples");
export const profilesDir = join(sharedRoot, "medcom/profiles");

export function readExample(name: string): string {
  return readFileSync(join(examplesDir, name), "utf8");
}

export function readExampleBytes(name: string): Buffer {
  return readFileSync(join(examplesDir, name));
}

/** The official FHIR example messages (CareCommunication and Acknowledgement, XML and JSON). */
export function fhirExampleNames(): string[] {
  return readdirSync(examplesDir)
    .filter((f) => /^(cc5-|ack2-|test-R-Tek-)/.test(f))
    .sort();
}

export function readFixture(relativePath: string): string {
  return readFileSync(join(projectRoot, "test-fixtures", relativePath), "utf8");
}
