// Issue 11 (sweep of point 1): a client id ends up in idempotency scopes (`client:<id>`), audit entries, log lines and
// the `certs` command's file names (`clients/<id>.crt`). The configuration admits only a safe id, so a `:` cannot make
// two scopes collide and `../` cannot lead a certificate out of its folder.
import { describe, expect, test } from "vitest";
import { parseGatewayConfig } from "../../../src/config/schema.js";

const GLN = "5790000209354";
const config = (id: unknown) => ({
  locations: [
    {
      gln: GLN,
      sor: "265161000016000",
      name: "GP",
      kind: "gp",
      formats: ["application/fhir+xml"],
      delivery: { adapter: "mailbox" },
    },
  ],
  clients: [{ id, apiKeySha256: "a".repeat(64), locations: [GLN], roles: ["send"] }],
});

describe("client ids in the configuration", () => {
  test.each(["gp-helsinge", "ops", "A1", "system.2", "x_y", "a".repeat(64)])("%s is accepted", (id) => {
    const result = parseGatewayConfig(config(id));
    expect(result.ok).toBe(true);
  });

  test.each([
    ["a colon (idempotency scopes are client:<id>)", "a:b"],
    ["a path", "../../etc/passwd"],
    ["a slash", "a/b"],
    ["a dot first", ".hidden"],
    ["a space", "gp helsinge"],
    ["a line break", "gp\nfake log line"],
    ["a quote", 'a"b'],
    ["non-ASCII", "læge"],
    ["65 characters", "a".repeat(65)],
  ])("an id with %s is a clear config error", (_what, id) => {
    const result = parseGatewayConfig(config(id));
    expect(result.ok).toBe(false);
    const issue = result.issues.find((i) => i.path === "/clients/0/id");
    expect(issue?.severity).toBe("error");
    expect(issue?.message).toMatch(/letters, digits/);
    // The message names the rule, it does not repeat the hostile id.
    expect(issue?.message).not.toContain("\n");
  });
});
