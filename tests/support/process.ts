// Running the real `medcom-gateway` command as a child process (TypeScript through tsx, as in development).
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "./shared.js";

export interface GatewayProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** Load tests/support/settle-on-signal.ts into the child: SIGUSR2 then collects its garbage (memory tests only). */
  settleOnSignal?: boolean;
}

export function spawnGateway(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: SpawnOptions = {},
): GatewayProcess {
  const preload = options.settleOnSignal ? ["--import", join(projectRoot, "tests/support/settle-on-signal.ts")] : [];
  const child = spawn(process.execPath, ["--import", "tsx", ...preload, join(projectRoot, "src/cli.ts"), ...args], {
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
  const logDir = process.env.FAULT_LOG_DIR;
  const keep = (c: Buffer) => {
    output += c.toString();
    if (logDir) appendFileSync(join(logDir, `${child.pid}-${args.join("-")}.log`), c);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Never leave a gateway running after the test run, whatever the test did.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  void exited.then(() => process.off("exit", reap));
  return { child, output: () => output, exited };
}
