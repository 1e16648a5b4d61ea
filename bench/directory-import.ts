// `directory.import` (issue 16, point 3): seconds to import a 20,000-location export into Redis — the whole CLI path,
// parse and check, write aside, swap — and `directory.reload`: seconds for a process to load that generation and
// build its directory (search index included). On the embedded Redis, like the end-to-end figures.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createLogger } from "../src/log.js";
import { startEmbeddedRedis } from "../src/redis/embedded.js";
import { createDirectory } from "../src/routing/directory.js";
import { createDirectoryStore } from "../src/store/directory-store.js";
import { importDirectoryFile } from "../src/usecases/admin/directory-import.js";
import { directoryCsv, directoryEntries } from "../tests/support/directory-entries.js";
import { figure, print } from "./measure.js";

const COUNT = 20_000;
const RUNS = 7;

export async function printDirectoryImportFigures(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "mg-bench-directory-"));
  const embedded = await startEmbeddedRedis(dataDir, createLogger("silent"));
  const redis = new Redis({ path: embedded.socketPath });
  try {
    const store = createDirectoryStore(redis, "{bench}");
    const bytes = Buffer.from(directoryCsv(directoryEntries(COUNT)), "utf8");
    const imports: number[] = [];
    const reloads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let start = process.hrtime.bigint();
      const done = await importDirectoryFile(bytes, "sor-export.csv", { store, now: () => new Date() });
      if (done.outcome !== "imported" || done.meta.entries !== COUNT) throw new Error("bench import must succeed");
      imports.push(Number(process.hrtime.bigint() - start) / 1e9);
      start = process.hrtime.bigint();
      const imported = await store.entries();
      if (!imported) throw new Error("bench reload must find the import");
      createDirectory([], { imported });
      reloads.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    print(figure("directory.import", "s", imports));
    print(figure("directory.reload", "s", reloads));
  } finally {
    await redis.quit();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
