// What a CLI command may touch, passed in so commands run in tests without a process.
import { loadEnv, type GatewayEnv } from "../config/load.js";
import { error, type Issue } from "../util/issues.js";

export interface CliIo {
  out(text: string): void;
  /** Bytes to standard output as they are (OIOXML is ISO-8859-1); without it, `out` gets them as Latin-1 text. */
  outBytes?: (bytes: Uint8Array) => void;
  err(text: string): void;
  readFile(path: string): Buffer;
  /** All of standard input (secrets are read here, never from argv, which ps and shell history show). */
  readStdin?: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

export const USAGE = `Usage:
  medcom-gateway serve [--role all|api|worker]   run the gateway (same as npm start)
  medcom-gateway validate <file>… [--json]        validate MedCom messages (FHIR XML or JSON, OIOXML XDIS91/XBIN01/XCTL);
                                                  exit 0 valid, 1 invalid, 2 usage
  medcom-gateway build <compose.json> [--previous <message>]
                                                  print the CareCommunication (XML) a compose request produces
  medcom-gateway convert <file>… [--json] [--answers <file>…]
                                                  convert as MedCom does: XDIS91 [+ XBIN01] → CareCommunication,
                                                  CareCommunication → XDIS91 [+ XBIN01], XCTL… --answers <CC> →
                                                  Acknowledgement, Acknowledgement --answers <XDIS91> [<XBIN01>] → XCTL…
  medcom-gateway keys hash < key-file             print the apiKeySha256 of the key on standard input
  medcom-gateway keys init <file> | keys rotate   create the encryption keyring; rotate its key and re-encrypt
  medcom-gateway audit verify [--checkpoints <f>] verify the audit trail against checkpoints outside Redis
  medcom-gateway directory import <file>          import the directory exported from SOR/SOR-EDI (CSV or JSON lines)
  medcom-gateway certs init <dir>                 development CA, server and client certificates for mutual TLS`;

/** The bytes of a file the user named, or the `file-unreadable` issue saying why not (validate and convert). */
export function readNamedFile(file: string, io: CliIo): { ok: true; bytes: Buffer } | { ok: false; issue: Issue } {
  try {
    return { ok: true, bytes: io.readFile(file) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, issue: error("file-unreadable", file, `Cannot read the file: ${reason}.`) };
  }
}

/** The environment's settings, or undefined after saying on stderr what is wrong with them (every command's start). */
export function envOrSay(io: CliIo): GatewayEnv | undefined {
  const env = loadEnv(io.env);
  if (env.ok) return env.value;
  io.err(`${env.issues.map((i) => `${i.path}: ${i.message}`).join("\n")}\n`);
  return undefined;
}
