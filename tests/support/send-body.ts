// A request whose body may be refused while it is still being sent (413 with `Connection: close`), for tests of body
// limits. Over node:http rather than fetch: the answer is read as soon as its head arrives, even while the body is
// still going out, where fetch fails the whole request — and a test that turned that failure into a passing 413
// passed for any failure at all.
import { request } from "node:http";

export interface BodyAnswer {
  /** The status answered; 0 with `resetWhileSending`. */
  status: number;
  contentType: string | null;
  /**
   * The server closed the connection while the body was still being sent, and its answer was lost with it (the
   * peer's reset can discard an answer not yet read). Only ECONNRESET/EPIPE after the body started going out and
   * before any answer: every other failure (refused connection, timeout, a malformed answer) rejects.
   */
  resetWhileSending?: true;
}

/** Socket errors that mean the other side closed the connection (the client was still writing). */
const CLOSED_BY_SERVER = new Set(["ECONNRESET", "EPIPE"]);

export function sendBody(
  url: string,
  o: { method: string; headers: Record<string, string>; body?: Uint8Array; chunked?: boolean; timeoutMs?: number },
): Promise<BodyAnswer> {
  const headers = { ...o.headers };
  // Chunked: no Content-Length, so the server can only tell the size by counting what it reads.
  if (o.body && !o.chunked) headers["Content-Length"] = String(o.body.length);
  return new Promise<BodyAnswer>((resolve, reject) => {
    let answered = false;
    let sending = false;
    const req = request(url, { method: o.method, headers }, (res) => {
      answered = true;
      res.resume();
      const answer = { status: res.statusCode ?? 0, contentType: res.headers["content-type"] ?? null };
      res.on("end", () => resolve(answer));
      // The head has arrived: a connection closed while its body is read still leaves a real status.
      res.on("error", () => resolve(answer));
    });
    const timeoutMs = o.timeoutMs ?? 30_000;
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (answered) return;
      if (sending && err.code !== undefined && CLOSED_BY_SERVER.has(err.code))
        resolve({ status: 0, contentType: null, resetWhileSending: true });
      else reject(err);
    });
    const body = o.body;
    if (!body) return void req.end();
    sending = true;
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    req.end();
  });
}
