// The gateway's stdout is written a few kilobytes at a time (src/log.ts, issue 17 point 3): a line still reaches
// stdout on a quiet process (the flush interval), a warning at once with the lines before it, and the lines written
// just before the process exits are not lost with the buffer.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../support/shared.js";

/** A child that logs with the gateway's logger, as `serve` does; `script` runs with `log` in scope. */
function child(script: string) {
  const source = `const { createLogger } = await import(${JSON.stringify(join(projectRoot, "src/log.ts"))});
const log = createLogger("info");
${script}`;
  const proc = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: { msg: string }[] = [];
  let rest = "";
  proc.stdout.on("data", (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) lines.push({ msg: (JSON.parse(line) as { msg: string }).msg });
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
  return { proc, lines, exited };
}

describe("the gateway's buffered stdout", () => {
  it("writes a lone line while the process runs: the interval flushes it, not more lines or the exit", async () => {
    const { proc, lines, exited } = child(`log.info("lone"); setTimeout(() => {}, 60_000);`);
    try {
      const started = performance.now();
      while (lines.length === 0 && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 10));
      expect(lines.map((l) => l.msg)).toEqual(["lone"]);
      expect(proc.exitCode).toBeNull(); // still running: the timer flushed it, not the exit
    } finally {
      proc.kill("SIGTERM");
      await exited;
    }
  });

  it("writes a warning at once with the lines before it, while an info line alone waits for the interval", async () => {
    // The child's event loop is then blocked for 2 s: only a write already started (on libuv's thread pool) gets out.
    const block = "const until = Date.now() + 2000; while (Date.now() < until);";
    const warned = child(`log.info("before"); log.warn("warning"); ${block} log.info("after"); process.exit(0);`);
    const quiet = child(`log.info("alone"); ${block} log.info("after"); process.exit(0);`);
    const seen = (lines: { msg: string }[]) => lines.map((l) => l.msg);
    const started = performance.now();
    while (warned.lines.length < 2 && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 10));
    expect(seen(warned.lines)).toEqual(["before", "warning"]);
    expect(seen(quiet.lines)).toEqual([]); // still blocked: nothing flushed it
    await Promise.all([warned.exited, quiet.exited]);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen(warned.lines)).toEqual(["before", "warning", "after"]);
    expect(seen(quiet.lines)).toEqual(["alone", "after"]);
  });

  it("writes every line logged before process.exit, the last one included", async () => {
    const { lines, exited } = child(
      `for (let i = 0; i < 500; i++) log.info("before exit " + i); log.warn("last"); process.exit(3);`,
    );
    expect(await exited).toBe(3);
    await new Promise((r) => setTimeout(r, 50)); // the pipe's last chunk
    expect(lines).toHaveLength(501);
    expect(lines.at(-1)?.msg).toBe("last");
  });
});
