// GATEWAY_DATA_DIR holds what the gateway must be able to trust on disk: the generated keyring (keys/), the audit
// checkpoints that anchor the audit trail outside Redis (audit/, issue 11 point 5) and the embedded Redis (redis/).
// Whoever can add or swap names in it can swap those folders (a keyring of their own, checkpoints that hide a
// truncation). So the start-up report says (issue 11, point 3's class):
// - world-writable (mode o+w, sticky or not: the sticky bit does not stop a new name): an error in production, a
//   warning otherwise — like plaintext API keys (schema.ts);
// - a symbolic link: a warning only. Pointing the data directory at another disk is a legitimate choice of the
//   operator; the gateway then trusts the link's target, and never follows a link inside it for its audit folder.
// Parent folders above it are the operator's, as for file-drop folders (README).
import { lstatSync, statSync } from "node:fs";
import { error, warning, type Issue } from "../medcom/issues.js";

const PATH = "GATEWAY_DATA_DIR";

export function checkDataDir(dir: string, options: { production?: boolean } = {}): Issue[] {
  let link;
  try {
    link = lstatSync(dir);
  } catch {
    return []; // missing: the gateway creates it (0750 subfolders) on first start
  }
  const issues: Issue[] = [];
  if (link.isSymbolicLink())
    issues.push(
      warning(
        "env",
        PATH,
        "GATEWAY_DATA_DIR is a symbolic link: the gateway trusts wherever it points; prefer the real path",
      ),
    );
  let target;
  try {
    target = link.isSymbolicLink() ? statSync(dir) : link;
  } catch {
    return [...issues, error("env", PATH, "GATEWAY_DATA_DIR is a symbolic link that leads nowhere")];
  }
  if (!target.isDirectory()) return [...issues, error("env", PATH, "GATEWAY_DATA_DIR is not a folder")];
  if (target.mode & 0o002) {
    const message =
      "GATEWAY_DATA_DIR is writable by every user on the host: anyone could swap its keys/ or audit/ folder; " +
      "make it 0750 (or 0700), owned by the gateway's user";
    issues.push(options.production ? error("env", PATH, message) : warning("env", PATH, message));
  }
  return issues;
}
