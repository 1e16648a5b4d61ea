// The compose path's pure steps for the e2e bench's text letter (issue 17, point 3), in process: what composeLetter
// and the accept's record do for an ordinary letter without I/O — parseComposeRequest → buildCareCommunication →
// carried-attachment scan → measuredLetter (writeFhirJson) → validateMessage (built) → describeMessage →
// messageFingerprint — timed per step and together, plus validate + fingerprint of the official examples.
// `npx tsx bench/compose-core.ts [iterations]`; BENCH_CORE_ONLY=<step> runs one step (total: the whole path, for --cpu-prof).
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildCareCommunication } from "../src/medcom/builders/index.js";
import { parseComposeRequest } from "../src/medcom/compose/index.js";
import { readFhir } from "../src/medcom/fhir/index.js";
import type { Bundle } from "../src/medcom/model/index.js";
import { describeMessage, messageFingerprint } from "../src/medcom/readers/index.js";
import { validateMessage } from "../src/medcom/validate/index.js";
import { carriedAttachments } from "../src/usecases/steps/carried-attachments.js";
import { measuredLetter } from "../src/usecases/steps/letter-size.js";

const root = join(import.meta.dirname, "..");
const letter = JSON.parse(readFileSync(join(root, "test-fixtures/compose/new-ppr-to-gp.json"), "utf8")) as object;
const body = { ...letter, receiver: "5790000209354" };
const parties = {
  sender: { gln: "5790001348120", sor: "953741000016009", name: "PPR Gribskov Kommune", origin: "directory" },
  receiver: { gln: "5790000209354", sor: "265161000016000", name: "Lægerne Helsinge", origin: "directory" },
};
const N = Number(process.argv[2] ?? 20000);

const parse = () => {
  const parsed = parseComposeRequest(body);
  if (!parsed.ok) throw new Error("the bench letter must be a valid compose request");
  return parsed.value;
};
const request = parse();
const build = () => buildCareCommunication(request, { newId: randomUUID, now: new Date().toISOString(), parties });
const bundle = build();
const json = measuredLetter(bundle).json;

async function whole(): Promise<string> {
  const r = parse();
  const b = buildCareCommunication(r, { newId: randomUUID, now: new Date().toISOString(), parties });
  await carriedAttachments(b, undefined, {});
  const measured = measuredLetter(b);
  const v = validateMessage(b, { sizeBytes: measured.size, built: true });
  if (!v.valid) throw new Error("built letter invalid");
  const d = describeMessage(b);
  return messageFingerprint(b, d);
}

/** CPU time, not wall time: the machine is shared, and a busy neighbour delays a step without making it cost more. */
function cpuMicros(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function time(name: string, fn: () => unknown, n = N): void {
  for (let i = 0; i < Math.min(2000, n); i++) fn();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const us = cpuMicros(start) / n;
  process.stdout.write(`${name.padEnd(34)} ${us.toFixed(2).padStart(8)} µs\n`);
}
async function timeAsync(name: string, fn: () => Promise<unknown>, n = N): Promise<void> {
  for (let i = 0; i < Math.min(2000, n); i++) await fn();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const us = cpuMicros(start) / n;
  process.stdout.write(`${name.padEnd(34)} ${us.toFixed(2).padStart(8)} µs\n`);
}

const only = process.env.BENCH_CORE_ONLY;
if (only === undefined) {
  // Each step in a process of its own: a step timed after others runs on code the others made polymorphic.
  for (const step of [
    "parse",
    "build",
    "carried",
    "measured",
    "validate",
    "validate-whole",
    "describe",
    "fingerprint",
    "total",
    "examples-validate",
    "examples-fingerprint",
  ])
    execFileSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, BENCH_CORE_ONLY: step },
      stdio: "inherit",
    });
} else {
  if (only === "parse") time("parseComposeRequest", parse);
  if (only === "build") time("buildCareCommunication", build);
  if (only === "carried")
    await timeAsync("carriedAttachments (tokensIn)", () => carriedAttachments(bundle, undefined, {}));
  if (only === "measured") time("measuredLetter (writeFhirJson)", () => measuredLetter(bundle));
  if (only === "validate")
    time("validateMessage built", () => validateMessage(bundle, { sizeBytes: json.length, built: true }));
  if (only === "validate-whole")
    time("validateMessage whole", () => validateMessage(bundle, { sizeBytes: json.length }));
  if (only === "describe") time("describeMessage", () => describeMessage(bundle));
  if (only === "fingerprint") time("messageFingerprint", () => messageFingerprint(bundle, describeMessage(bundle)));
  if (only === "total") await timeAsync("text letter: whole path", whole);
  const dir = join(root, "../shared/medcom/examples");
  const examples = readdirSync(dir)
    .filter((f) => /^(cc5|ack2|test-R)/.test(f))
    .map((f) => {
      const read = readFhir(readFileSync(join(dir, f)), f.endsWith(".json") ? "json" : "xml");
      return read.ok ? (read.value as Bundle) : undefined;
    })
    .filter((b): b is Bundle => b !== undefined);
  const n = Math.max(1, Math.floor(N / 10));
  if (only === "examples-validate")
    time(`examples(${examples.length}): validateMessage`, () => examples.forEach((b) => validateMessage(b)), n);
  if (only === "examples-fingerprint")
    time(`examples(${examples.length}): messageFingerprint`, () => examples.forEach((b) => messageFingerprint(b)), n);
}
