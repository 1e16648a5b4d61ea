// The container set-up ships no configuration and no keys (issue 11, point 9): the image holds no config/ folder and
// compose refuses to start until the operator names a configuration file and a keyring (`${VAR:?message}`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
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
    expect(compose).toMatch(/"--appendonly", "yes", "--appendfsync", "always"/);
  });
});
