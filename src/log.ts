// The gateway's logger: JSON lines (pino). Log ids, GLNs and outcomes only — never CPR, names, letter text or bodies
// (brief: "Patient data stays private"); nothing here serialises a request or message body.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: "medcom-gateway" }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

export const silentLogger = (): Logger => pino({ level: "silent" });
