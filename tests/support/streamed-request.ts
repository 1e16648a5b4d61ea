// Posting a large body the way a real client does — in 64 KiB writes that wait for the socket to drain — and reading
// the answer whenever it comes: a streaming gateway may refuse the body (corrupt base64, a wrong size) before the
// client has sent it all, answer, and close the connection. The answer is then the test's result, not the write
// error that follows it (EPIPE, ECONNRESET). The answer's body is kept (a problem's issues are asserted on).
import { request } from "node:http";

export interface StreamedAnswer {
  status: number;
  /** The answer's body as text. */
  text: string;
  /** Bytes of the request body written before the answer's head arrived. */
  sentBeforeAnswer: number;
  /** The whole body had been written when the answer came. */
  sentAll: boolean;
  seconds: number;
}

const CHUNK = 64 * 1024;

export function postStreamed(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  timeoutMs = 600_000,
): Promise<StreamedAnswer> {
  const started = performance.now();
  return new Promise<StreamedAnswer>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(url, {
      // A connection of its own: a kept-alive one left idle while the large body was built may be closed by the
      // server's keepAliveTimeout just as the body starts on it (EPIPE, no answer).
      agent: false,
      method: "POST",
      headers: { ...headers, "Content-Length": String(body.byteLength) },
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = written;
      const sentAll = written === body.byteLength;
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      const done = () => {
        // A body cut short is not finished: the socket is no use for another request.
        if (!sentAll) req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(parts).toString("utf8"),
          sentBeforeAnswer,
          sentAll,
          seconds: (performance.now() - started) / 1000,
        });
      };
      res.on("end", done);
      // The head has come: a connection closed while its (short) body is read still leaves a real answer.
      res.on("error", done);
    });
    req.on("error", (err) => {
      if (!answered) reject(new Error(`no answer, the request failed after ${written} bytes: ${err.message}`));
    });
    const pump = () => {
      while (written < body.byteLength && !answered && !req.destroyed) {
        const next = body.subarray(written, Math.min(body.byteLength, written + CHUNK));
        written += next.byteLength;
        if (!req.write(next)) return void req.once("drain", pump);
      }
      if (written === body.byteLength) req.end();
    };
    pump();
  });
}
