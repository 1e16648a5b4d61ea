// GATEWAY_DATA_DIR holds what the gateway must be able to trust on disk: the generated keyring (keys/), the audit
// checkpoints that anchor the audit trail outside Redis (audit/, issue 11 point 5) and the embedded Redis (redis/).
// Whoever can add or swap names in it can swap those folders (a keyring of their own, checkpoints that hide a
// truncation). So the start-up report says (issue 11, point 3's class):
// - world-writable (mode o+w, sticky or not: the sticky bit does not stop a new name), the folder or one of its own
//   subfolders: an error in production, a warning otherwise — like plaintext API keys (schema.ts);
// - GATEWAY_DATA_DIR itself a symbolic link: a warning only. Pointing it at another disk is a legitimate choice of
//   the operator; the gateway then trusts the link's target;
// - audit/ a symbolic link: an error (the gateway refuses to write checkpoints through a link, src/fs/safe-files.ts,
//   so it would run without its anchor); keys/ or redis/ a symbolic link: a warning (they are followed).
// Parent folders above it are the operator's, as for file-drop folders (docs/security.md).
import { lstatSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { error, warning, type Issue } from "../util/issues.js";

const PATH = "GATEWAY_DATA_DIR";
const SUBFOLDERS = ["keys", "audit", "redis"] as const;

const lstatOf = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch {
    return undefined; // missing: the gateway creates it on first start
  }
};

export function checkDataDir(dir: string, options: { production?: boolean } = {}): Issue[] {
  const link = lstatOf(dir);
  if (!link) return [];
  const issues: Issue[] = [];
  const openToAll = (what: string) => {
    const message =
      `${what} is writable by every user on the host: anyone could swap the keyring or the audit checkpoints; ` +
      "make it 0750 (or 0700), owned by the gateway's user";
    issues.push(options.production ? error("env", PATH, message) : warning("env", PATH, message));
  };
  if (link.isSymbolicLink())
    issues.push(warning("env", PATH, "GATEWAY_DATA_DIR is a symbolic link: the gateway trusts wherever it points"));
  let target: Stats;
  try {
    target = link.isSymbolicLink() ? statSync(dir) : link;
  } catch {
    return [...issues, error("env", PATH, "GATEWAY_DATA_DIR is a symbolic link that leads nowhere")];
  }
  if (!target.isDirectory()) return [...issues, error("env", PATH, "GATEWAY_DATA_DIR is not a folder")];
  if (target.mode & 0o002) openToAll("GATEWAY_DATA_DIR");
  for (const name of SUBFOLDERS) {
    const sub = lstatOf(join(dir, name));
    if (!sub) continue;
    if (sub.isSymbolicLink()) {
      const message = `GATEWAY_DATA_DIR/${name} is a symbolic link`;
      issues.push(
        name === "audit"
          ? error("env", PATH, `${message}: audit checkpoints are never written through a link`)
          : warning("env", PATH, `${message}: the gateway follows it`),
      );
    } else if (sub.mode & 0o002) openToAll(`GATEWAY_DATA_DIR/${name}`);
  }
  return issues;
}
