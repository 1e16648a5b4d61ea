// `medcom-gateway keys …`: API key hashes for the configuration, and the encryption keyring (issue: encryption at
// rest): `init <file>` makes a keyring, `rotate` adds a new current key and re-seals everything stored with it.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import { keyringPathOf, type GatewayEnv } from "../config/load.js";
import { hashApiKey } from "../config/schema.js";
import { createSealer, newKeyringFile, rotateKeyringFile, writeKeyringFile } from "../crypto/keyring.js";
import { silentLogger } from "../log.js";
import { startEmbeddedRedis } from "../redis/embedded.js";
import { resealAll } from "../store/reseal.js";
import { createBlobFiles } from "../store/blob-files.js";
import { envOrSay, type CliIo } from "./io.js";

const USAGE = `Usage:
  medcom-gateway keys hash             the apiKeySha256 of the API key read from standard input
                                       (e.g. printf %s "$KEY" | medcom-gateway keys hash)
  medcom-gateway keys init <file>      create an encryption keyring (for GATEWAY_ENCRYPTION_KEY_FILE)
  medcom-gateway keys rotate           add a new current key and re-encrypt everything stored
`;

export async function keysCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, arg, ...rest] = args;
  if (sub === "hash") return hash(arg === undefined && rest.length === 0 ? undefined : args.slice(1), io);
  if (sub === "init" && arg && rest.length === 0) {
    try {
      writeKeyringFile(arg, newKeyringFile(), { exclusive: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      io.err(`${arg} exists already; a keyring is never overwritten.\n`);
      return 1;
    }
    io.out(`created ${arg} (keep a backup: without it stored messages cannot be read)\n`);
    return 0;
  }
  if (sub === "rotate" && arg === undefined) return rotate(io);
  io.err(USAGE);
  return 2;
}

/** Longer than any API key; standard input beyond it is not a key. */
const MAX_KEY_INPUT = 4096;

/**
 * The key comes on standard input, never as an argument: argv shows in `ps` to every user of the host and stays in
 * shell history (issue 11, point 19). One trailing newline (what `echo` or a file adds) is not part of the key.
 */
async function hash(args: readonly string[] | undefined, io: CliIo): Promise<number> {
  if (args !== undefined) {
    io.err(
      "keys hash reads the API key from standard input, not from the command line (ps and shell history would " +
        'show it): printf %s "$KEY" | medcom-gateway keys hash\n',
    );
    return 2;
  }
  const input = io.readStdin ? await io.readStdin() : "";
  const key = input.replace(/\r?\n$/, "");
  if (key === "" || key.length > MAX_KEY_INPUT || /[\r\n]/.test(key)) {
    io.err("keys hash needs exactly one API key, on one line, on standard input\n");
    return 2;
  }
  io.out(`${hashApiKey(key)}\n`);
  return 0;
}

async function rotate(io: CliIo): Promise<number> {
  const env = envOrSay(io);
  if (!env) return 2;
  const path = keyringPathOf(env);
  if (!existsSync(path)) {
    io.err(`No keyring at ${path}; set GATEWAY_ENCRYPTION_KEY_FILE.\n`);
    return 1;
  }
  const id = rotateKeyringFile(path);
  const { redis, done } = await maintenanceConnection(env);
  try {
    // Chunks kept as files (GATEWAY_BLOB_DIR) are re-sealed in place too.
    const files = env.blobDir ? createBlobFiles(resolve(env.blobDir)) : undefined;
    const { resealed, corrupt } = await resealAll(redis, env.keyPrefix, createSealer(path), files);
    io.out(`new current key ${id}; re-encrypted ${resealed} stored values\n`);
    if (corrupt.length === 0) return 0;
    // Left as they are: the gateway refuses to serve or deliver them (issue 11, point 8).
    io.err(
      `${corrupt.length} stored value(s) fail their integrity check and were left as they are:\n` +
        corrupt.map((c) => `  message ${JSON.stringify(c.messageId)}, field ${c.field}\n`).join(""),
    );
    return 1;
  } finally {
    await done();
  }
}

/** REDIS_URL; else the embedded Redis of a running gateway (its socket); else start it for the job. */
export async function maintenanceConnection(env: GatewayEnv): Promise<{ redis: Redis; done: () => Promise<void> }> {
  const connect = (redis: Redis) => ({ redis, done: () => redis.quit().then(() => undefined) });
  if (env.redisUrl) return connect(new Redis(env.redisUrl, { maxRetriesPerRequest: 3 }));
  const socket = join(resolve(env.dataDir), "redis", "redis.sock");
  const running = new Redis({ path: socket, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  running.on("error", () => undefined);
  try {
    await running.connect();
    return connect(running);
  } catch {
    running.disconnect();
  }
  const embedded = await startEmbeddedRedis(env.dataDir, silentLogger());
  const redis = new Redis({ path: embedded.socketPath });
  return {
    redis,
    done: async () => {
      await redis.quit();
      await embedded.stop();
    },
  };
}
