// Running the real `medcom-gateway` command as a child process (TypeScript through tsx, as in development).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "./shared.js";

export interface GatewayProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnGateway(args: readonly string[], env: Record<string, string | undefined>): GatewayProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "src/cli.ts"), ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      REDIS_URL: undefined,
      LOG_LEVEL: "warn",
      GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), "mg-proc-")),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Never leave a gateway running after the test run, whatever the test did.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  void exited.then(() => process.off("exit", reap));
  return { child, output: () => output, exited };
}
