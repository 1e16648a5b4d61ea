// A TCP proxy between the gateway and redis-server that can lose a reply (issue 12, point 1): it forwards the command
// that carries a marker to Redis, lets Redis run it, and cuts the connection before the reply reaches the client.
// It can also stop accepting connections for a while (Redis "away" right after the command ran).
import { createServer, connect, type Server, type Socket } from "node:net";
import { freePort } from "./redis.js";

export interface TcpProxy {
  url: string;
  /**
   * The next client data containing `marker` reaches Redis, its reply does not: the connection is cut ~50 ms later.
   * With `refuse`, new connections are refused from that moment until `accept()`. Resolves when the cut happened.
   */
  loseNextReply(marker: string, options?: { refuse?: boolean }): Promise<void>;
  /** Accept connections again after a refusing cut. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let trap: { marker: Buffer; refuse: boolean; done: () => void } | undefined;
  let server: Server | undefined;

  const onClient = (client: Socket) => {
    const upstream = connect(upstreamPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    let silenced = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      const armed = trap;
      if (armed && !silenced && chunk.includes(armed.marker)) {
        trap = undefined;
        silenced = true; // Redis runs the command; its reply is dropped
        if (armed.refuse) void stopListening();
        setTimeout(() => {
          cut();
          armed.done();
        }, 50);
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!silenced) client.write(chunk);
    });
    for (const s of [client, upstream]) {
      s.on("error", cut);
      s.on("close", () => {
        sockets.delete(s);
        cut();
      });
    }
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onClient);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (s) s.close(() => resolve());
      else resolve();
    });

  await listen();
  return {
    url: `redis://127.0.0.1:${port}`,
    loseNextReply: (marker, { refuse = false } = {}) =>
      new Promise<void>((done) => {
        trap = { marker: Buffer.from(marker), refuse, done };
      }),
    accept: () => (server ? Promise.resolve() : listen()),
    async close() {
      for (const s of sockets) s.destroy();
      await stopListening();
    },
  };
}
