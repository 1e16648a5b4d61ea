// The file-drop adapter writes only inside its folder, whatever the message id and whatever a neighbour put in the
// folder (issue 11, points 1 and 3). Tested on the adapter itself with hostile records: the defence must hold even
// where the HTTP entrance let a hostile id through.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDropAdapter } from "../../../adapters/file-drop.js";
import { hostileMessageIds } from "../../../test-fixtures/hostile/files.js";
import { sampleDelivery } from "./conformance.js";

/** Every entry below `root`, as relative paths (links listed, not followed). */
function tree(root: string, prefix = ""): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((e) => {
    const relative = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? [relative, ...tree(root, relative)] : [relative];
  });
}

/** A sandbox: the drop folder deep inside, so a traversal lands in the sandbox where it can be seen. */
function sandbox(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), "mg-drop-safety-"));
  const dir = join(root, "a", "b", "c", "drop");
  mkdirSync(dir, { recursive: true });
  return { root, dir };
}

describe("file-drop names come from a checked message id only", () => {
  it.each(hostileMessageIds.map((id) => [JSON.stringify(id).slice(0, 60), id]))(
    "refuses the id %s and writes nothing anywhere",
    async (_shown, messageId) => {
      const { root, dir } = sandbox();
      const before = tree(root);
      const outcome = await fileDropAdapter(dir).deliver(sampleDelivery({ messageId }));
      expect(outcome).toMatchObject({ outcome: "rejected" });
      expect(tree(root)).toEqual(before);
    },
  );

  it("writes a canonical message id as <id>.xml, 0640, in a 0750 folder it creates", async () => {
    const { dir } = sandbox();
    const fresh = join(dir, "new-folder");
    const delivery = sampleDelivery();
    expect(await fileDropAdapter(fresh).deliver(delivery)).toMatchObject({ outcome: "delivered" });
    expect(readdirSync(fresh)).toEqual([`${delivery.messageId}.xml`]);
    expect(lstatSync(join(fresh, `${delivery.messageId}.xml`)).mode & 0o777).toBe(0o640);
    expect(lstatSync(fresh).mode & 0o777).toBe(0o750);
  });
});

describe("file-drop never follows a link", () => {
  it("refuses a drop folder that is a symbolic link", async () => {
    const { root, dir } = sandbox();
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere);
    const linked = join(dir, "linked");
    symlinkSync(elsewhere, linked);
    const outcome = await fileDropAdapter(linked).deliver(sampleDelivery());
    expect(outcome).toMatchObject({ outcome: "rejected" });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("replaces a link planted under the final name instead of writing through it", async () => {
    const { root, dir } = sandbox();
    const victim = join(root, "victim.json");
    writeFileSync(victim, "precious");
    const delivery = sampleDelivery();
    symlinkSync(victim, join(dir, `${delivery.messageId}.xml`));
    expect(await fileDropAdapter(dir).deliver(delivery)).toMatchObject({ outcome: "delivered" });
    expect(readFileSync(victim, "utf8")).toBe("precious");
    const written = join(dir, `${delivery.messageId}.xml`);
    expect(lstatSync(written).isFile()).toBe(true);
    expect(readFileSync(written, "utf8")).toContain(delivery.messageId);
  });

  it("leaves no temporary file behind and uses no name a neighbour could predict", async () => {
    const { dir } = sandbox();
    const delivery = sampleDelivery();
    // A neighbour plants links under every temporary name the old code would have used: nothing may follow them.
    const { root } = sandbox();
    const victim = join(root, "victim");
    writeFileSync(victim, "precious");
    for (const name of [`.${delivery.messageId}.xml.tmp`, `${delivery.messageId}.xml.tmp`])
      symlinkSync(victim, join(dir, name));
    expect(await fileDropAdapter(dir).deliver(delivery)).toMatchObject({ outcome: "delivered" });
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp") && !lstatSync(join(dir, n)).isSymbolicLink())).toEqual([]);
    expect(existsSync(join(dir, `${delivery.messageId}.xml`))).toBe(true);
  });
});
