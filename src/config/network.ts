// The `network` part of the configuration (issue 16; CONTRACT.md §1, extended): how the gateway reaches the national
// VANS network (a pair of folders the provider's client watches, or SFTP to the provider) and whether unknown GLNs
// are routed there. Every problem is reported through the collector with its key, like the rest of the file.
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Collector } from "./collector.js";
import { isObject, type Json } from "./collector.js";
import type { LocationConfig, NetworkConfig, VansNetworkConfig, VansTransportConfig } from "./types.js";

const DEFAULT_POLL_SECONDS = 2;
/** An SSH SHA-256 fingerprint as `ssh-keygen -l` prints it: 43 base64 characters (no padding). */
const SHA256_FINGERPRINT = /^[A-Za-z0-9+/]{43}=?$/;

export function parseNetwork(c: Collector, value: unknown): NetworkConfig | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return void c.add("/network", "network must be an object");
  c.keys(value, ["vans", "defaultRoute"], "/network");
  const vans = value.vans === undefined ? undefined : parseVans(c, value.vans, "/network/vans");
  const route = value.defaultRoute;
  if (route !== undefined && route !== "vans") c.add("/network/defaultRoute", 'defaultRoute may only be "vans"');
  if (route === "vans" && value.vans === undefined)
    c.add("/network/defaultRoute", 'defaultRoute "vans" needs network.vans (how the gateway reaches VANS)');
  return { ...(vans ? { vans } : {}), ...(route === "vans" ? { defaultRoute: "vans" as const } : {}) };
}

/** A location delivered through VANS needs the gateway's one VANS connection (`network.vans`). `vansGiven`: the
 *  file has network.vans (with errors, those are reported already, so its locations are not reported again). */
export function checkVansLocations(
  c: Collector,
  locations: readonly (LocationConfig | undefined)[],
  vansGiven: boolean,
): void {
  if (vansGiven) return;
  locations.forEach((l, i) => {
    if (l?.delivery.adapter === "vans")
      c.add(`/locations/${i}/delivery/adapter`, 'adapter "vans" needs network.vans (how the gateway reaches VANS)');
  });
}

/** The network's senders are never a configured client: a client acting for a remote location could send as it. */
export function checkClientsServedHere(
  c: Collector,
  locations: readonly (LocationConfig | undefined)[],
  clients: readonly ({ locations: readonly string[] } | undefined)[],
): void {
  const remote = new Set(locations.filter((l) => l?.delivery.adapter === "vans").map((l) => l?.gln));
  clients.forEach((cl, i) =>
    cl?.locations.forEach((gln, j) => {
      if (remote.has(gln))
        c.add(`/clients/${i}/locations/${j}`, "a client acts only for locations served here, not remote (vans) ones");
    }),
  );
}

/**
 * The VANS folders share nothing with a file-drop location's folders (issue 11, point 3's class): an envelope put in
 * a folder a location's system reads, or a location's drop folder read as the network's inbox, would carry letters
 * past the rules of both.
 */
export function checkVansFoldersApart(
  c: Collector,
  locations: readonly (LocationConfig | undefined)[],
  network: NetworkConfig | undefined,
): void {
  const vans = network?.vans;
  if (vans?.transport !== "folders") return;
  for (const [key, folder] of [
    ["outbox", vans.outbox],
    ["inbox", vans.inbox],
  ] as const) {
    const clash = locations.findIndex((l) => {
      if (l?.delivery.adapter !== "file-drop") return false;
      return [l.delivery.dir, l.delivery.inbox].some(
        (other) =>
          other !== undefined && (within(resolve(other), resolve(folder)) || within(resolve(folder), resolve(other))),
      );
    });
    if (clash >= 0)
      c.add(
        `/network/vans/${key}`,
        `${key} must not be, contain or lie inside a file-drop folder (/locations/${clash})`,
      );
  }
}

function parseVans(c: Collector, value: unknown, path: string): VansNetworkConfig | undefined {
  if (!isObject(value)) return void c.add(path, "vans must be an object");
  const common = ["transport", "outbox", "inbox", "pollSeconds", "convertLocally"];
  const pollSeconds = value.pollSeconds ?? DEFAULT_POLL_SECONDS;
  const pollOk = typeof pollSeconds === "number" && Number.isFinite(pollSeconds) && pollSeconds > 0;
  if (!pollOk || pollSeconds > 3600) c.add(`${path}/pollSeconds`, "pollSeconds must be a number from above 0 to 3600");
  const convertLocally = value.convertLocally ?? false;
  if (typeof convertLocally !== "boolean") c.add(`${path}/convertLocally`, "convertLocally must be true or false");
  let transport: VansTransportConfig | undefined;
  switch (value.transport) {
    case "folders":
      c.keys(value, common, path);
      transport = folders(c, value, path);
      break;
    case "sftp":
      c.keys(value, [...common, "host", "port", "username", "privateKeyFile", "hostKeySha256"], path);
      transport = sftp(c, value, path);
      break;
    default:
      return void c.add(`${path}/transport`, 'transport must be "folders" or "sftp"');
  }
  if (!transport || !pollOk || pollSeconds > 3600 || typeof convertLocally !== "boolean") return undefined;
  return { ...transport, pollSeconds, convertLocally };
}

function folders(c: Collector, value: Json, path: string): VansTransportConfig | undefined {
  const outbox = c.text(value, "outbox", path);
  const inbox = c.text(value, "inbox", path);
  if (outbox === undefined || inbox === undefined) return undefined;
  // The gateway would read its own envelopes back as the network's (and the inbox's rejected/ lies inside it).
  if (within(resolve(outbox), resolve(inbox)) || within(resolve(inbox), resolve(outbox)))
    return void c.add(`${path}/inbox`, "inbox and outbox must be two folders, neither inside the other");
  return { transport: "folders", outbox, inbox };
}

function sftp(c: Collector, value: Json, path: string): VansTransportConfig | undefined {
  const host = c.text(value, "host", path);
  const username = c.text(value, "username", path);
  const privateKeyFile = c.text(value, "privateKeyFile", path);
  const hostKeySha256 = c.text(value, "hostKeySha256", path);
  const outbox = c.text(value, "outbox", path);
  const inbox = c.text(value, "inbox", path);
  const port = value.port ?? 22;
  const portOk = typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535;
  if (!portOk) c.add(`${path}/port`, "port must be a whole number from 1 to 65535");
  const key = hostKeySha256?.startsWith("SHA256:") ? hostKeySha256.slice("SHA256:".length) : hostKeySha256;
  if (key !== undefined && !SHA256_FINGERPRINT.test(key))
    c.add(
      `${path}/hostKeySha256`,
      "hostKeySha256 must be the host key's SHA-256 fingerprint in base64 (ssh-keygen -l)",
    );
  if (outbox !== undefined && inbox !== undefined && outbox === inbox)
    c.add(`${path}/inbox`, "inbox and outbox must be two folders");
  if (!host || !username || !privateKeyFile || key === undefined || !outbox || !inbox || !portOk) return undefined;
  if (!SHA256_FINGERPRINT.test(key) || outbox === inbox) return undefined;
  return { transport: "sftp", host, port, username, privateKeyFile, hostKeySha256: key, outbox, inbox };
}

/** `inner` is `outer` or lies inside it. */
function within(outer: string, inner: string): boolean {
  const path = relative(outer, inner);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}
