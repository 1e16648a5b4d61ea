// The folder transport against the shared VANS transport contract (the SFTP transport runs the same suite against a
// real sshd: tests/integration/adapters/vans-sftp-transport.test.ts).
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { folderTransport } from "../../../../adapters/vans/folder-transport.js";
import { vansTransportContract } from "../../../support/contracts/vans-transport.js";
import { removeDir } from "../../../support/redis.js";

vansTransportContract("folders", () => {
  const root = mkdtempSync(join(tmpdir(), "mg-vans-contract-"));
  const outbox = join(root, "out");
  const inbox = join(root, "in");
  mkdirSync(outbox);
  mkdirSync(inbox);
  return Promise.resolve({
    transport: folderTransport({ outbox, inbox }),
    outbox,
    inbox,
    done: () => Promise.resolve(removeDir(root)),
  });
});
