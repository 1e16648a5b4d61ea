// Issue 11 sweep (point 2): `medcom-gateway validate` prints issues to an operator's terminal. A hostile file's text
// (an element name, a value, a parser message) must not reach the terminal raw: an escape sequence can rewrite the
// screen, set the window title or write the clipboard (OSC 52), a line break can forge a "valid" line.
import { describe, expect, test } from "vitest";
import { run } from "../../../src/cli.js";
import type { CliIo } from "../../../src/cli/io.js";

function io(files: Record<string, string>) {
  const captured = { out: "", err: "" };
  const cliIo: CliIo = {
    out: (t) => (captured.out += t),
    err: (t) => (captured.err += t),
    readFile: (path) => Buffer.from(files[path] ?? ""),
    env: {},
  };
  return { cliIo, captured };
}

const ESC = "\u001b";
const CSI = "\u009b";

describe("validate's text output", () => {
  test("escapes control characters from the file (element names, values)", async () => {
    const hostile = JSON.stringify({
      resourceType: "Bundle",
      type: "message",
      [`${ESC}]52;c;ZXZpbA==\u0007`]: 1,
      [`x${CSI}2J\nevil.json: valid CareCommunication`]: 2,
      entry: [{ resource: { resourceType: `${ESC}[2J` } }],
    });
    const { cliIo, captured } = io({ "evil.json": hostile });
    expect(await run(["validate", "evil.json"], cliIo)).toBe(1);
    expect(captured.out).not.toContain(ESC);
    expect(captured.out).not.toContain(CSI);
    expect(captured.out).not.toContain("\u0007");
    expect(captured.out.split("\n").filter((l) => l.startsWith("evil.json:"))).toEqual([
      expect.stringContaining("INVALID") as unknown as string,
    ]);
  });

  test("escapes control characters in a file name given on the command line", async () => {
    const { cliIo, captured } = io({});
    await run(["validate", `a${ESC}[31m.xml`], cliIo);
    expect(captured.out).not.toContain(ESC);
  });
});
