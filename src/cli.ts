#!/usr/bin/env node
// The `medcom-gateway` command (CONTRACT.md §4).
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { auditCommand } from "./cli/audit-command.js";
import { buildCommand } from "./cli/build-command.js";
import { certsCommand } from "./cli/certs-command.js";
import { convertCommand } from "./cli/convert-command.js";
import { directoryCommand } from "./cli/directory-command.js";
import { keysCommand } from "./cli/keys-command.js";
import { USAGE, type CliIo } from "./cli/io.js";
import { validateCommand } from "./cli/validate-command.js";

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "validate":
      return validateCommand(args, io);
    case "build":
      return buildCommand(args, io);
    case "convert":
      return convertCommand(args, io);
    case "certs":
      return certsCommand(args, io);
    case "keys":
      return keysCommand(args, io);
    case "audit":
      return auditCommand(args, io);
    case "directory":
      return directoryCommand(args, io);
    case "serve": {
      const { serveCommand } = await import("./cli/serve-command.js");
      return serveCommand(args, io);
    }
    case undefined:
    default:
      io.err(`${command === undefined ? "" : `Unknown command ${command}\n`}${USAGE}\n`);
      return 2;
  }
}

// Run when executed directly or through the npm bin link (a symlink), not when imported by tests.
const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const io: CliIo = {
    out: (text) => process.stdout.write(text),
    outBytes: (bytes) => process.stdout.write(bytes),
    err: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path),
    readStdin: async () => {
      if (process.stdin.isTTY) process.stderr.write("Type the API key, then Enter and Ctrl-D:\n");
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > 64 * 1024) break; // not a key: the command refuses it, without reading a whole file into memory
      }
      return Buffer.concat(chunks).toString("utf8");
    },
    env: process.env,
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
