// `medcom-gateway build <compose.json> [--previous <message>]` (CONTRACT.md §4): print the CareCommunication Bundle
// (XML) that a compose request produces, after validating it. Parties come from the configured directory; a reply or
// forward needs the answered message (--previous), which the running gateway takes from its store instead.
import { randomUUID } from "node:crypto";
import { loadGatewayConfig } from "../config/load.js";
import { formatConfigErrors } from "../config/schema.js";
import { buildCareCommunication } from "../medcom/builders/index.js";
import { describeMessage } from "../medcom/readers/index.js";
import { parseComposeRequest } from "../medcom/compose/index.js";
import { readFhir, sniffFormat, writeFhirXml } from "../medcom/fhir/index.js";
import type { Issue } from "../util/issues.js";
import type { Bundle } from "../medcom/model/index.js";
import { validateMessage } from "../medcom/validate/index.js";
import { createDirectory } from "../routing/directory.js";
import { USAGE, type CliIo } from "./io.js";

export function buildCommand(args: readonly string[], io: CliIo): number {
  const previousAt = args.indexOf("--previous");
  const previousFile = previousAt >= 0 ? args[previousAt + 1] : undefined;
  const positional = previousAt < 0 ? [...args] : args.filter((_, i) => i !== previousAt && i !== previousAt + 1);
  const composeFile = positional[0];
  if (
    positional.length !== 1 ||
    composeFile === undefined ||
    composeFile.startsWith("--") ||
    (previousAt >= 0 && !previousFile)
  ) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const configPath = io.env.GATEWAY_CONFIG ?? "config/gateway.json";
  const config = loadGatewayConfig(configPath);
  if (!config.ok) return fail(io, formatConfigErrors(configPath, config.issues));
  let json: unknown;
  try {
    json = JSON.parse(io.readFile(composeFile).toString("utf8"));
  } catch (err) {
    return fail(io, `${composeFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const request = parseComposeRequest(json);
  if (!request.ok) return fail(io, issuesText(composeFile, request.issues));
  const previous = previousFile === undefined ? undefined : readPrevious(previousFile, io);
  if (previous && "error" in previous) return fail(io, previous.error);
  const directory = createDirectory(config.value.locations);
  const sender = directory.get(request.value.sender);
  const receiverGln = request.value.receiver ?? previousSender(previous?.bundle);
  const receiver = receiverGln === undefined ? undefined : directory.get(receiverGln);
  if (!sender || !receiver) return fail(io, `${composeFile}: sender and receiver must be locations in ${configPath}.`);
  if (request.value.kind !== "new" && !previous)
    return fail(io, `A ${request.value.kind} needs the answered message: --previous <file>.`);
  const bundle = buildCareCommunication(request.value, {
    newId: randomUUID,
    now: new Date().toISOString(),
    parties: { sender, receiver },
    ...(previous ? { previous: previous.bundle } : {}),
  });
  const validation = validateMessage(bundle);
  if (!validation.valid) return fail(io, issuesText("built message", validation.issues));
  io.out(writeFhirXml(bundle));
  return 0;
}

function readPrevious(file: string, io: CliIo): { bundle: Bundle } | { error: string } {
  try {
    const bytes = io.readFile(file);
    const read = readFhir(bytes, sniffFormat(bytes) ?? "xml");
    return read.ok ? { bundle: read.value as Bundle } : { error: issuesText(file, read.issues) };
  } catch (err) {
    return { error: `${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function previousSender(bundle: Bundle | undefined): string | undefined {
  // The sender as the gateway records it: the one summary, read with the one resolver (issue 11, point 2).
  if (bundle === undefined) return undefined;
  try {
    const gln = describeMessage(bundle).sender.gln;
    return gln === "" ? undefined : gln;
  } catch {
    return undefined;
  }
}

const issuesText = (where: string, issues: readonly Issue[]) =>
  [`${where}:`, ...issues.map((i) => `  ${i.severity} ${i.code} at ${i.path || "/"}: ${i.message}`)].join("\n");

function fail(io: CliIo, message: string): number {
  io.err(`${message}\n`);
  return 1;
}
