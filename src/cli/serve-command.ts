// `medcom-gateway serve [--role all|api|worker]` (CONTRACT.md §4, the same as `npm start`): read the environment and
// the configuration (every error at once), start, and stop in order on SIGTERM or SIGINT.
import { checkDataDir } from "../config/data-dir.js";
import { formatConfigErrors } from "../config/schema.js";
import { loadGatewayConfig } from "../config/load.js";
import { createLogger } from "../log.js";
import { StartupError, startGateway, type Role } from "../main.js";
import { awaitExternalRedis } from "./await-redis.js";
import { envOrSay, type CliIo } from "./io.js";
import { startRetrying } from "./start-retrying.js";

const ROLES: readonly Role[] = ["all", "api", "worker"];

function parseRole(args: readonly string[]): { role: Role } | { error: string } {
  if (args.length === 0) return { role: "all" };
  const [flag, value, ...rest] = args[0]?.startsWith("--role=") ? ["--role", args[0].slice(7), ...args.slice(1)] : args;
  if (flag !== "--role" || rest.length > 0) return { error: `unknown arguments: ${args.join(" ")}` };
  const role = ROLES.find((r) => r === value);
  return role ? { role } : { error: `--role must be one of ${ROLES.join(", ")}` };
}

export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseRole(args);
  if ("error" in parsed) {
    io.err(`${parsed.error}\nUsage: medcom-gateway serve [--role all|api|worker]\n`);
    return 2;
  }
  const { role } = parsed;
  const env = envOrSay(io);
  if (!env) return 2;
  const config = loadGatewayConfig(env.configPath, { production: io.env.NODE_ENV === "production" });
  // The data directory's own safety (symbolic link, world-writable) is reported with the configuration.
  const dataDir = checkDataDir(env.dataDir, { production: io.env.NODE_ENV === "production" });
  if (!config.ok || dataDir.some((i) => i.severity === "error")) {
    io.err(`${formatConfigErrors(env.configPath, [...config.issues, ...dataDir])}\n`);
    return 2;
  }
  const log = createLogger(env.logLevel);
  for (const w of dataDir) log.warn({ path: w.path }, `data directory: ${w.message}`);
  for (const w of config.issues) log.warn({ path: w.path }, `configuration: ${w.message}`);
  // Issue 12, point 6: an external Redis that is not there yet is waited for, not a crash; and so is one that goes
  // away again while the process starts.
  let gateway;
  try {
    gateway = await startRetrying(
      () => awaitExternalRedis(env, role, log),
      () => startGateway({ env: env, config: config.value, role, log }),
      log,
    );
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    io.err(`${err.message}\n`);
    return 1;
  }
  if (!gateway) return 0;
  const running = gateway;
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ signal }, "shutting down");
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      running.stop().then(resolve, (err: unknown) => {
        log.error({ err: String(err) }, "shutdown failed");
        resolve();
      });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
  return 0;
}
