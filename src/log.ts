// The gateway's logger: JSON lines (pino). Log ids, GLNs and outcomes only — never CPR, names, letter text or bodies
// (brief: "Patient data stays private"); nothing here serialises a request or message body.
import { pino, type Logger } from "pino";

export type { Logger };

/** Lines gathered before one write to stdout: about a dozen of the API's request lines. */
const BUFFERED_BYTES = 4096;

/** The longest a line waits in the buffer on a quiet gateway. */
const LOG_FLUSH_MS = 250;

/** pino's level number for `warn`: this and above are written at once. */
const WARN = 40;

/**
 * Stdout, written a few kilobytes at a time: one write (a system call, through libuv's thread pool) per line was
 * ≈ 5 % of the API's CPU under the e2e bench, two lines a letter (issue 17, point 3). An `info` line waits at most
 * LOG_FLUSH_MS; a warning or an error is written at once, with the lines before it (an operator must see a refusal
 * to start, a lost Redis, a failed hand-over when it happens); pino writes what is left when the process exits (its
 * exit handler), so only a SIGKILL loses the last quarter second of `info` lines.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { service: "medcom-gateway" }, timestamp: pino.stdTimeFunctions.isoTime };
  if (destination) return pino(options, destination);
  const stdout = pino.destination({ dest: 1, minLength: BUFFERED_BYTES, sync: false });
  setInterval(() => stdout.flush(), LOG_FLUSH_MS).unref();
  return pino(
    {
      ...options,
      hooks: {
        logMethod(args, method, lineLevel) {
          method.apply(this, args);
          if (lineLevel >= WARN) stdout.flush();
        },
      },
    },
    stdout,
  );
}

export const silentLogger = (): Logger => pino({ level: "silent" });
