// A raw HTTP/1.1 exchange over a socket, for requests fetch refuses to send (malformed headers): the status code the
// server answers with, or 0 when it closes without answering.
import { connect } from "node:net";

export function rawHttp(port: number, request: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let response = "";
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0));
    };
    socket.setTimeout(timeoutMs, done);
    socket.on("data", (chunk: Buffer) => {
      response += chunk.toString("latin1");
      if (/^HTTP\/1\.1 \d{3}/.test(response)) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.write(Buffer.from(request, "utf8"));
  });
}

/**
 * Like rawHttp, but the answer's status line and headers too (lower-case names), and the request may be written in
 * parts (`parts[i]` after `gapsMs` each): a slow client.
 */
export function rawHttpExchange(
  port: number,
  parts: readonly string[],
  options: { gapMs?: number; timeoutMs?: number } = {},
): Promise<{ status: number; headers: Record<string, string>; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let response = "";
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const head = response.split("\r\n\r\n")[0] ?? "";
      const headers: Record<string, string> = {};
      for (const line of head.split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0),
        headers,
        ms: performance.now() - started,
      });
    };
    socket.setTimeout(options.timeoutMs ?? 10_000, done);
    socket.on("data", (chunk: Buffer) => {
      response += chunk.toString("latin1");
      if (response.includes("\r\n\r\n")) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    const write = (i: number) => {
      if (i >= parts.length || socket.destroyed) return;
      socket.write(Buffer.from(parts[i] ?? "", "utf8"));
      timer = setTimeout(() => write(i + 1), options.gapMs ?? 0);
    };
    write(0);
  });
}
