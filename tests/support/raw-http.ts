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
