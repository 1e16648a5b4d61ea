// `medcom-gateway directory import <file>` (issue 16, point 3): check an exported directory file (CSV or JSON lines)
// and make it the gateway's imported directory. Every error by line; exit 1 and nothing stored when there is one.
// Running gateways load the new directory at once (pub/sub) or within 10 s (their poll); no restart.
import { createDirectoryStore } from "../store/directory-store.js";
import { checkDirectoryFile, storeDirectory } from "../usecases/admin/directory-import.js";
import type { Issue } from "../util/issues.js";
import { envOrSay, readNamedFile, type CliIo } from "./io.js";
import { maintenanceConnection } from "./keys-command.js";

const USAGE = `Usage:
  medcom-gateway directory import <file>   import a directory exported from SOR/SOR-EDI (CSV or JSON lines);
                                           exit 0 imported, 1 not (errors by line), 2 usage
`;

const issueLine = (i: Issue) => `  ${i.severity}${i.path ? ` ${i.path}` : ""}: ${i.message}\n`;

export async function directoryCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, file, ...rest] = args;
  if (sub !== "import" || file === undefined || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }
  const env = envOrSay(io);
  if (!env) return 2;
  const read = readNamedFile(file, io);
  if (!read.ok) {
    io.err(issueLine(read.issue));
    return 1;
  }
  const checked = checkDirectoryFile(read.bytes, file);
  if (!checked.ok) {
    io.err(`${file}: not imported, nothing changed:\n${checked.issues.map(issueLine).join("")}`);
    return 1;
  }
  const { redis, done } = await maintenanceConnection(env);
  try {
    const store = createDirectoryStore(redis, env.keyPrefix);
    const result = await storeDirectory(checked, { store, now: () => new Date() });
    if (result.outcome !== "imported") {
      io.err(`Another import finished meanwhile; nothing changed by this one. Run it again.\n`);
      return 1;
    }
    const { meta } = result;
    io.out(
      `imported ${meta.entries} location(s) from ${meta.source} as generation ${meta.generation} at ` +
        `${meta.importedAt}\n${result.issues.map(issueLine).join("")}`,
    );
    return 0;
  } finally {
    await done();
  }
}
