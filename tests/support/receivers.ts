// Real receivers for adapter tests: a local HTTP server that records what it is sent and can be told to fail.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocationConfig } from "../../src/config/schema.js";

export interface WebhookCall {
  headers: IncomingMessage["headers"];
  /** The body read as UTF-8 (a FHIR body); `bytes` as they came (an ISO-8859-1 OIOXML body). */
  body: string;
  bytes: Buffer;
}

export interface WebhookReceiver {
  url: string;
  calls: WebhookCall[];
  /** Answer the next calls with these statuses, then 200. */
  failNext(...statuses: number[]): void;
  /** Answer every call with this status. */
  always(status: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: WebhookCall[] = [];
  let queued: number[] = [];
  let fixed: number | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const bytes = Buffer.concat(chunks);
      calls.push({ headers: req.headers, body: bytes.toString("utf8"), bytes });
      res.statusCode = queued.shift() ?? fixed ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/medcom`,
    calls,
    failNext: (...statuses) => {
      queued = statuses;
    },
    always: (status) => {
      fixed = status;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A GP location in the directory that is delivered to by webhook at `url`. */
export function webhookLocation(
  gln: string,
  sor: string,
  url: string,
  formats = ["application/fhir+xml"] as LocationConfig["formats"],
): LocationConfig {
  return {
    gln,
    sor,
    name: "Lægerne Webhook",
    kind: "gp",
    municipality: "Testrup",
    formats,
    delivery: { adapter: "webhook", url, secret: "the-receivers-shared-webhook-secret" },
  };
}

/** A webhook receiver that can be switched off (answers 500) and slowed down, and keeps the order it took letters in. */
export interface SwitchableReceiver {
  url: string;
  /** Message ids in the order they were taken (answered 2xx). */
  taken: string[];
  /** Requests answered 500. */
  refused: number;
  down: boolean;
  /** Answer after this long. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startSwitchableReceiver(): Promise<SwitchableReceiver> {
  const r = { taken: [] as string[], refused: 0, down: false, delayMs: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      setTimeout(() => {
        if (r.down) {
          r.refused++;
          res.statusCode = 500;
        } else {
          r.taken.push(String(req.headers["x-gateway-message-id"]));
          res.statusCode = 200;
        }
        res.end();
      }, r.delayMs);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return Object.assign(r, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/medcom`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  });
}
