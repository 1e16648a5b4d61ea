// `medcom-gateway audit …` (issue 11, point 5): verify the whole audit trail against checkpoints kept outside Redis —
// the data directory's, or a copy kept elsewhere (exported by GET /v1/admin/audit/checkpoints or from the
// `auditCheckpoint` log lines, one JSON object a line) — and print the data directory's checkpoints.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { keyringPathOf } from "../config/load.js";
import { createSealer } from "../crypto/keyring.js";
import { silentLogger } from "../log.js";
import { deriveAuditKeys } from "../store/audit-chain.js";
import { createAuditCheckpoints } from "../store/audit-checkpoints.js";
import { createAuditLog } from "../store/audit-log.js";
import { envOrSay, type CliIo } from "./io.js";
import { maintenanceConnection } from "./keys-command.js";

const USAGE = `Usage:
  medcom-gateway audit verify [--checkpoints <file>]   verify every entry against the checkpoints; exit 0 ok, 1 not
  medcom-gateway audit checkpoints                     print the data directory's valid checkpoints (JSON lines)
`;

export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const fileArg = rest[0] === "--checkpoints" && rest.length === 2 ? rest[1] : undefined;
  const usage = !(sub === "verify" && (rest.length === 0 || fileArg)) && !(sub === "checkpoints" && rest.length === 0);
  if (usage) {
    io.err(USAGE);
    return 2;
  }
  const env = envOrSay(io);
  if (!env) return 2;
  const keyring = keyringPathOf(env);
  const file = fileArg ?? join(resolve(env.dataDir), "audit", "checkpoints.jsonl");
  if (!existsSync(keyring) || !existsSync(file)) {
    io.err(`No ${existsSync(keyring) ? `checkpoints at ${file}` : `keyring at ${keyring}`}.\n`);
    return 1;
  }
  const auditKey = createSealer(keyring).auditKey;
  const prefix = env.keyPrefix;
  const log = silentLogger();
  // Read only: nothing is noted, so close() writes nothing to the file.
  const anchors = createAuditCheckpoints({ file, prefix, key: deriveAuditKeys(auditKey).checkpoint, log });
  try {
    if (sub === "checkpoints") {
      for (const c of await anchors.list()) io.out(`${JSON.stringify(c)}\n`);
      return 0;
    }
    const { redis, done } = await maintenanceConnection(env);
    try {
      const verification = await createAuditLog(redis, prefix, auditKey, anchors, log).verify({ full: true });
      io.out(`${JSON.stringify(verification, null, 2)}\n`);
      return verification.ok ? 0 : 1;
    } finally {
      await done();
    }
  } finally {
    await anchors.close();
  }
}
