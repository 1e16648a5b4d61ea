// `medcom-gateway keys hash <api key>`: the apiKeySha256 to put in the configuration instead of the key itself.
import { hashApiKey } from "../config/schema.js";
import type { CliIo } from "./io.js";

export function keysCommand(args: readonly string[], io: CliIo): number {
  const [sub, key, ...rest] = args;
  if (sub === "hash" && key && rest.length === 0) {
    io.out(`${hashApiKey(key)}\n`);
    return 0;
  }
  io.err("Usage: medcom-gateway keys hash <api key>\n");
  return 2;
}
