import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run } from "../../../src/cli.js";
import type { CliIo } from "../../../src/cli/io.js";
import { examplesDir, projectRoot } from "../../support/shared.js";

function io(files: Record<string, string> = {}) {
  const captured = { out: "", err: "" };
  const cliIo: CliIo = {
    out: (t) => (captured.out += t),
    err: (t) => (captured.err += t),
    readFile: (path) => (path in files ? Buffer.from(files[path] ?? "") : readFileSync(path)),
    env: { GATEWAY_CONFIG: join(projectRoot, "config/gateway.json") },
  };
  return { cliIo, captured };
}

const example = (name: string) => join(examplesDir, name);

describe("medcom-gateway validate", () => {
  test("exit 0 when all files are valid", async () => {
    const { cliIo, captured } = io();
    expect(await run(["validate", example("cc5-01-new-message.xml"), example("ack2-ok.xml")], cliIo)).toBe(0);
    expect(captured.out).toContain("valid CareCommunication");
  });

  test("exit 1 when any is invalid; --json gives file, valid, type and issues", async () => {
    const { cliIo, captured } = io();
    const code = await run(
      [
        "validate",
        "--json",
        example("cc5-01-new-message.xml"),
        example("test-R-Tek-M-invalid-category-without-code.json"),
      ],
      cliIo,
    );
    expect(code).toBe(1);
    const results = JSON.parse(captured.out) as { file: string; valid: boolean; type: string; issues: unknown[] }[];
    expect(results.map((r) => [r.valid, r.type])).toEqual([
      [true, "CareCommunication"],
      [false, "CareCommunication"],
    ]);
    expect(results[1]?.issues.length).toBeGreaterThan(0);
  });

  test("an unreadable or hostile file is invalid, not a crash", async () => {
    const { cliIo, captured } = io({ "evil.xml": '<!DOCTYPE x [<!ENTITY a "b">]><x/>' });
    expect(await run(["validate", "evil.xml", "/no/such/file.xml"], cliIo)).toBe(1);
    expect(captured.out).toContain("xml-doctype-forbidden");
    expect(captured.out).toContain("file-unreadable");
  });

  test("exit 2 on usage errors", async () => {
    expect(await run(["validate"], io().cliIo)).toBe(2);
    expect(await run(["validate", "--yaml", "x"], io().cliIo)).toBe(2);
    expect(await run(["frobnicate"], io().cliIo)).toBe(2);
  });
});

describe("medcom-gateway build", () => {
  test("prints a valid CareCommunication for a compose request, and a reply to it", async () => {
    const first = io();
    expect(await run(["build", join(projectRoot, "test-fixtures/compose/new-ppr-to-gp.json")], first.cliIo)).toBe(0);
    expect(first.captured.out).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Bundle xmlns="http:\/\/hl7.org\/fhir">/,
    );

    const second = io({ "first.xml": first.captured.out });
    const replyFile = join(projectRoot, "test-fixtures/compose/reply-gp-to-ppr.json");
    expect(await run(["build", replyFile, "--previous", "first.xml"], second.cliIo)).toBe(0);

    const check = io({ "reply.xml": second.captured.out });
    expect(await run(["validate", "reply.xml"], check.cliIo)).toBe(0);
  });

  test("refuses an invalid compose request with the problems at their pointers", async () => {
    const { cliIo, captured } = io({ "bad.json": JSON.stringify({ kind: "new", sender: "123" }) });
    expect(await run(["build", "bad.json"], cliIo)).toBe(1);
    expect(captured.err).toContain("/sender");
    expect(captured.err).toContain("/text");
  });
});

describe("medcom-gateway serve", () => {
  test("refuses the demo configuration when NODE_ENV=production, saying why, before it starts anything", async () => {
    const { cliIo, captured } = io();
    cliIo.env = { ...cliIo.env, NODE_ENV: "production", PORT: "0" };
    expect(await run(["serve"], cliIo)).toBe(2);
    expect(captured.err).toContain("/demo: this is the demo configuration");
    expect(captured.err).toContain("GATEWAY_CONFIG");
  });

  test("reports a world-writable GATEWAY_DATA_DIR with the configuration (an error in production)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mg-serve-data-"));
    chmodSync(dataDir, 0o777);
    const { cliIo, captured } = io();
    cliIo.env = { ...cliIo.env, NODE_ENV: "production", PORT: "0", GATEWAY_DATA_DIR: dataDir };
    expect(await run(["serve"], cliIo)).toBe(2);
    expect(captured.err).toMatch(/error: +GATEWAY_DATA_DIR: GATEWAY_DATA_DIR is writable by every user/);
  });
});

describe("medcom-gateway keys hash", () => {
  const hashOf = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");
  const withStdin = (input: string) => {
    const { cliIo, captured } = io();
    cliIo.readStdin = () => Promise.resolve(input);
    return { cliIo, captured };
  };

  test("reads the API key from standard input (one trailing newline is not part of it)", async () => {
    for (const input of ["s3cret-key", "s3cret-key\n", "s3cret-key\r\n"]) {
      const { cliIo, captured } = withStdin(input);
      expect(await run(["keys", "hash"], cliIo)).toBe(0);
      expect(captured.out).toBe(`${hashOf("s3cret-key")}\n`);
    }
  });

  test("refuses a key on the command line (issue 11, point 19: ps and shell history show argv), and empty input", async () => {
    const { cliIo, captured } = withStdin("ignored");
    expect(await run(["keys", "hash", "s3cret-key"], cliIo)).toBe(2);
    expect(captured.out).toBe("");
    expect(captured.err).toContain("standard input");
    expect(captured.err).not.toContain("s3cret-key");
    for (const input of ["", "\n", "two\nkeys\n"]) {
      const empty = withStdin(input);
      expect(await run(["keys", "hash"], empty.cliIo)).toBe(2);
      expect(empty.captured.out).toBe("");
    }
  });

  test("the real command reads a piped key", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", join(projectRoot, "src/cli.ts"), "keys", "hash"], {
      cwd: projectRoot,
      input: "piped-key\n",
    }).toString();
    expect(out).toBe(`${hashOf("piped-key")}\n`);
  });
});

describe("medcom-gateway keys init", () => {
  test("creates an owner-only keyring and never overwrites one, nor a link at its name", async () => {
    const { mkdtempSync, readFileSync: read, statSync, symlinkSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "mg-cli-keys-"));
    const path = join(dir, "keyring.json");
    expect(await run(["keys", "init", path], io().cliIo)).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const before = read(path);
    const again = io();
    expect(await run(["keys", "init", path], again.cliIo)).toBe(1);
    expect(again.captured.err).toContain("never overwritten");
    expect(read(path).equals(before)).toBe(true);
    symlinkSync(join(dir, "elsewhere"), join(dir, "link.json"));
    expect(await run(["keys", "init", join(dir, "link.json")], io().cliIo)).toBe(1);
  });
});

describe("medcom-gateway certs init", () => {
  test("makes no file name from a client id that is not plain, and never writes through a link", async () => {
    const {
      existsSync,
      mkdirSync,
      mkdtempSync,
      readFileSync: read,
      symlinkSync,
      writeFileSync,
    } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(join(tmpdir(), "mg-cli-certs-"));
    const config = JSON.parse(read(join(projectRoot, "config/gateway.json"), "utf8")) as {
      clients: { id: string }[];
    };
    const first = config.clients[0];
    if (!first) throw new Error("no client in the demo configuration");
    first.id = "../../escaped";
    writeFileSync(join(root, "gateway.json"), JSON.stringify(config));
    const hostile = io();
    hostile.cliIo.env = { GATEWAY_CONFIG: join(root, "gateway.json") };
    expect(await run(["certs", "init", join(root, "a", "b")], hostile.cliIo)).toBe(2);
    expect(existsSync(join(root, "a", "escaped.crt"))).toBe(false);

    const dir = join(root, "certs");
    mkdirSync(dir);
    writeFileSync(join(root, "victim"), "precious");
    symlinkSync(join(root, "victim"), join(dir, "server.key"));
    await expect(run(["certs", "init", dir], io().cliIo)).rejects.toThrow(/EEXIST/);
    expect(read(join(root, "victim"), "utf8")).toBe("precious");
  });
});
