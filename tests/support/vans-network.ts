// Two gateways joined by the simulated VANS network (issue 16, "Done when"), each with its own Redis:
// - gateway A, a municipality's: serves PPR Gribskov; the GP Lægerne i Helsinge is remote (configured with
//   `{"adapter": "vans"}`; not through `network.defaultRoute`, which A has too, see unknownReceiver below);
// - gateway B, the GP side: serves Lægerne i Helsinge's mailbox; PPR Gribskov is not configured there: it is reached
//   by the default route, its SOR id and name taken from the letter it sent (the GP's reply answers that letter).
// The hub (vans-hub.ts) holds a mailbox per gateway with the GLNs the provider delivers to it. How a gateway reaches
// its mailbox is the transport fixture, a parameter: the folder pair here; vans-sftp passes an SFTP fixture that
// serves the same folders from a test SFTP server, so the same flow (two-gateway-flow.ts) runs over both.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VansTransportConfig } from "../../src/config/types.js";
import { parseGatewayConfig, type GatewayConfig } from "../../src/config/schema.js";
import { GLN, startTestGateway, type TestGateway } from "./gateway.js";
import { startRedisServer, type TestRedis } from "./redis.js";
import { projectRoot } from "./shared.js";
import { startVansHub, type HubMailbox, type VansHub } from "./vans-hub.js";

/** How a gateway reaches its mailbox at the provider. The hub works on `mailbox.outbox`/`inbox` as local folders. */
export interface VansTransportFixture {
  readonly name: string;
  /** Connect one gateway: the `network.vans` transport part it is configured with, and how to close what was started
   *  for it (an SFTP server, its keys). */
  connect(mailbox: HubMailbox): Promise<{ transport: VansTransportConfig; close(): Promise<void> }>;
}

/** The usual VANS client set-up: the provider's software watches two local folders. */
export const folderTransport: VansTransportFixture = {
  name: "folders",
  connect: (mailbox) =>
    Promise.resolve({
      transport: { transport: "folders", outbox: mailbox.outbox, inbox: mailbox.inbox },
      close: () => Promise.resolve(),
    }),
};

/** A GLN no gateway serves and no VANS customer receives for (valid check digit): the network refuses it. */
export const UNKNOWN_GLN = "5790000000005";
/** A GLN the provider delivers to gateway B's mailbox but that B does not serve (the demo's Lægehuset Gilleleje):
 *  B refuses it. */
export const STRAY_GLN = "5790004110014";

/**
 * A's remote location for UNKNOWN_GLN, configured by hand. Not left to the default route: a default-route location
 * has no SOR id (plan-16), and MedCom's messaging Organization needs one (messaging 4.0.2: "Minimum one identifier
 * shall be of type SOR-ID, KOMBIT-ORG-ID or CVR-ID"), so a compose request to it cannot be built.
 */
const unknownReceiver = {
  gln: UNKNOWN_GLN,
  sor: "999999999999999",
  name: "Klinik uden VANS-kunde",
  kind: "gp",
  formats: ["application/fhir+xml"],
  delivery: { adapter: "vans" },
};

export interface NetworkOptions {
  transport?: VansTransportFixture;
  /** Inbox poll interval of both gateways (seconds; default 1). */
  pollSeconds?: number;
  /** Policy overrides for both gateways. */
  policy?: Record<string, unknown>;
}

export interface TwoGateways {
  a: TestGateway;
  b: TestGateway;
  hub: VansHub;
  transport: string;
  stop(): Promise<void>;
}

interface RawDemo {
  locations: { gln: string }[];
  clients: { id: string }[];
}

const demo = (): RawDemo => JSON.parse(readFileSync(join(projectRoot, "config/gateway.json"), "utf8")) as RawDemo;

function demoLocation(gln: string): Record<string, unknown> {
  const found = demo().locations.find((l) => l.gln === gln);
  if (!found) throw new Error(`no demo location ${gln}`);
  return found;
}

const demoClient = (id: string): Record<string, unknown> => {
  const found = demo().clients.find((c) => c.id === id);
  if (!found) throw new Error(`no demo client ${id}`);
  return found;
};

/** A location served elsewhere: the demo's entry with delivery through VANS. */
const remote = (gln: string): Record<string, unknown> => ({ ...demoLocation(gln), delivery: { adapter: "vans" } });

function parse(raw: Record<string, unknown>): GatewayConfig {
  const parsed = parseGatewayConfig(raw);
  if (!parsed.ok) throw new Error(`network test configuration invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

/** Gateway A's configuration (the municipality's). */
export function configA(transport: VansTransportConfig, o: NetworkOptions = {}): GatewayConfig {
  return parse({
    locations: [demoLocation(GLN.ppr), remote(GLN.gp), remote(STRAY_GLN), unknownReceiver],
    clients: [demoClient("ppr-gribskov"), demoClient("ops")],
    policy: { ...o.policy },
    network: {
      vans: { ...transport, pollSeconds: o.pollSeconds ?? 1, convertLocally: false },
      defaultRoute: "vans",
    },
  });
}

/** Gateway B's configuration (the GP side). */
export function configB(transport: VansTransportConfig, o: NetworkOptions = {}): GatewayConfig {
  return parse({
    locations: [demoLocation(GLN.gp)],
    clients: [demoClient("gp-helsinge"), demoClient("ops")],
    policy: { ...o.policy },
    network: {
      vans: { ...transport, pollSeconds: o.pollSeconds ?? 1, convertLocally: false },
      defaultRoute: "vans",
    },
  });
}

/** Start the hub, two Redis servers and the two gateways; `stop` undoes all of it (in reverse order). */
export async function startTwoGateways(o: NetworkOptions = {}): Promise<TwoGateways> {
  const fixture = o.transport ?? folderTransport;
  const undo: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
  };
  try {
    const hub = startVansHub({
      root: mkdtempSync(join(tmpdir(), "mg-vans-net-")),
      mailboxes: [
        { name: "a", glns: [GLN.ppr] },
        // The provider also delivers STRAY_GLN to B (registered with B's provider, not configured in B).
        { name: "b", glns: [GLN.gp, STRAY_GLN] },
      ],
    });
    undo.push(() => hub.stop());
    const gateways: TestGateway[] = [];
    for (const side of ["a", "b"] as const) {
      const redis: TestRedis = await startRedisServer();
      undo.push(() => redis.remove());
      const connection = await fixture.connect(hub.mailbox(side));
      undo.push(() => connection.close());
      const config = side === "a" ? configA(connection.transport, o) : configB(connection.transport, o);
      const gateway = await startTestGateway({ config, redisUrl: redis.url });
      undo.push(() => gateway.stop());
      gateways.push(gateway);
    }
    const [a, b] = gateways as [TestGateway, TestGateway];
    return { a, b, hub, transport: fixture.name, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
