// The gateway's version, from its package.json (found by walking up from this file, so it works from src/ under tsx
// and from dist/src/ when built).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, "package.json");
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "medcom-gateway") return pkg.version ?? "0.0.0";
  }
  return "0.0.0";
}
