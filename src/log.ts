// The gateway's logger: JSON lines (pino). Log ids, GLNs and outcomes only — never CPR, names, letter text or bodies
// (brief: "Patient data stays private"); nothing here serialises a request or message body.
import { pino, type Logger } from "pino";

export type { Logger };

/** Lines gathered before one write to stdout: about a dozen of the API's request lines. */
const BUFFERED_BYTES = 4096;

/** The longest a line waits in the buffer on a quiet gateway. */
const LOG_FLUSH_MS = 250;

/**
 * Stdout, written a few kilobytes at a time: one write (a system call, through libuv's thread pool) per line was
 * ≈ 5 % of the API's CPU under the e2e bench, two lines a letter (issue 17, point 3). A line waits at most
 * LOG_FLUSH_MS; pino writes what is left when the process exits (its exit handler), so only a SIGKILL loses the
 * last quarter second of lines.
 */
function bufferedStdout(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, minLength: BUFFERED_BYTES, sync: false });
  setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
  return destination;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: "medcom-gateway" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? bufferedStdout(),
  );
}

export const silentLogger = (): Logger => pino({ level: "silent" });
