// `medcom-gateway serve`: the gateway service arrives with issue 3 (HTTP API, queue, adapters). Until then this says
// so plainly instead of pretending to serve.
import type { CliIo } from "./io.js";

export function serveCommand(_args: readonly string[], io: CliIo): number {
  io.err("medcom-gateway serve: the HTTP service is not built yet (issue 3); use validate and build.\n");
  return 2;
}
