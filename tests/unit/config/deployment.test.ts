// The container set-up ships no configuration and no keys (issue 11, point 9): the image holds no config/ folder and
// compose refuses to start until the operator names a configuration file and a keyring (`${VAR:?message}`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { redisSettingArgs } from "../../../src/redis/settings.js";
import { projectRoot } from "../../support/shared.js";

const read = (name: string) => readFileSync(join(projectRoot, name), "utf8");

describe("deployment files", () => {
  test("the image does not ship the demo configuration", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).not.toMatch(/^COPY\s+config\b/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
  });

  test("compose demands a configuration file and a keyring from the operator, and runs in production mode", () => {
    const compose = read("docker-compose.yml");
    expect(compose).toMatch(/\$\{GATEWAY_CONFIG_FILE:\?[^}]+\}:\/config\/gateway\.json:ro/);
    expect(compose).toMatch(/\$\{GATEWAY_KEYRING_FILE:\?[^}]+\}:\/secrets\/keyring\.json:ro/);
    expect(compose).toMatch(/NODE_ENV: \$\{NODE_ENV:-production\}/);
    expect(compose).not.toMatch(/keys init \/secrets/); // no keyring made up behind the operator's back
    // Both gateway services take these from the one shared block.
    expect(compose.match(/<<: \*gateway/g)).toHaveLength(2);
  });

  test("compose restarts every service and runs Redis with the fsync policy the gateway demands (issue 12)", () => {
    const compose = read("docker-compose.yml");
    // The shared gateway block (api, worker) and Redis itself.
    expect(compose.match(/^ {2,4}restart: unless-stopped$/gm)).toHaveLength(2);
    expect(compose).toMatch(/x-gateway: &gateway\n(?: {2}.*\n)*? {2}restart: unless-stopped/);
    expect(redisCommand(compose)).toEqual(expect.arrayContaining(["--appendfsync", "always"]));
  });

  test("compose's Redis runs with the settings of the embedded one (src/redis/settings.ts)", () => {
    expect(redisCommand(read("docker-compose.yml"))).toEqual(["redis-server", ...redisSettingArgs()]);
  });

  test("compose gives the worker a tenth of the API's CPU weight under contention (docs/operations.md)", () => {
    expect(serviceLines(read("docker-compose.yml"), "worker")).toContain("    cpu_shares: 128");
  });
});

/** The lines of a service's block in compose (indented under `  <name>:`, up to the next line indented less). */
function serviceLines(compose: string, name: string): string[] {
  const lines = compose.split("\n");
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.trim() !== "" && !line.startsWith("    "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The redis service's `command:` as its block list of plain or double-quoted items. */
function redisCommand(compose: string): string[] {
  const lines = serviceLines(compose, "redis");
  const start = lines.indexOf("    command:");
  const items = lines.slice(start + 1);
  const end = items.findIndex((line) => !line.startsWith("      - "));
  return items
    .slice(0, start < 0 ? 0 : end < 0 ? undefined : end)
    .map((line) => line.slice("      - ".length))
    .map((item) => (item.startsWith('"') && item.endsWith('"') ? item.slice(1, -1) : item));
}
