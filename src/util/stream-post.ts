// POSTing a streamed body with node:http(s) (issue 17): Node's fetch() keeps a streamed request body in memory as it
// sends it (undici issue #4058; measured here: a 300 MiB body grew the process by 325 MB through fetch, 43 MB
// through node:http), which would make a 100 MB webhook delivery cost the worker a whole copy of the letter. Here each
// piece is written and the next one read only after the socket has taken it (the `drain` event).
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

export interface StreamPost {
  url: string;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  timeoutMs: number;
}

/** The receiver's status code; throws when the receiver cannot be reached or the time runs out. */
export async function postStream({ url, headers, body, timeoutMs }: StreamPost): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const req = send(target, { method: "POST", headers, signal: AbortSignal.timeout(timeoutMs) });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req.once("response", resolve);
    req.once("error", reject);
  });
  // A receiver may answer (and close) before the body is all sent: the answer is what counts, so a write error after
  // it is not the outcome.
  answered.catch(() => undefined);
  try {
    for await (const piece of body) {
      if (req.destroyed) break;
      if (!req.write(piece)) await drained(req, answered);
    }
    req.end();
  } catch (err) {
    req.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  const response = await answered;
  response.resume();
  return response.statusCode ?? 0;
}

/** The socket took what was written, or the request ended (answered early or failed). */
function drained(req: NodeJS.WritableStream, answered: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      req.off("drain", done);
      resolve();
    };
    req.once("drain", done);
    answered.then(done, done);
  });
}
