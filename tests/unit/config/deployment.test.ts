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
    const worker = /^ {2}worker:\n((?: {4}.*\n| *\n)*)/m.exec(read("docker-compose.yml"))?.[1] ?? "";
    expect(worker).toMatch(/^ {4}cpu_shares: 128$/m);
  });
});

/** The redis service's `command:` as its block list of plain or double-quoted items. */
function redisCommand(compose: string): string[] {
  const block = /^ {2}redis:\n(?: {4}.*\n)*? {4}command:\n((?: {6}- .*\n)+)/m.exec(compose)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.startsWith("      - "))
    .map((line) => line.slice("      - ".length).replace(/^"(.*)"$/, "$1"));
}
