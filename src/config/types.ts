// The configuration's shape once checked (CONTRACT.md §1) and its defaults; schema.ts checks a file against it and
// re-exports all of it, so callers name one module. Kept apart so the checks' helpers (drop-folders.ts, clients.ts)
// can name the shape without importing the checker that imports them.
import type { RegionalPolicy } from "./regional.js";

import type { Format, LocationKind } from "../domain/location-terms.js";

export { FORMATS, LOCATION_KINDS, type Format, type LocationKind } from "../domain/location-terms.js";
export const ROLES = ["send", "receive", "admin"] as const;

export type Delivery =
  | { adapter: "mailbox" }
  | { adapter: "webhook"; url: string; secret: string; signature?: "pkcs7" }
  | { adapter: "file-drop"; dir: string; inbox?: string }
  /** A remote location reached through the national VANS network (issue 16): the gateway's one VANS connection
   *  (`network.vans`) carries it; nothing is configured per location. */
  | { adapter: "vans" };

/** How the gateway reaches its VANS provider (issue 16): a pair of folders the provider's client software watches
 *  (the usual set-up), or SFTP to the provider. `outbox`: where the gateway puts envelopes for the network;
 *  `inbox`: where the network's envelopes for the gateway arrive. */
export type VansTransportConfig =
  | { transport: "folders"; outbox: string; inbox: string }
  | {
      transport: "sftp";
      host: string;
      port: number;
      username: string;
      /** A file holding the private key (never the key itself in the configuration). */
      privateKeyFile: string;
      /** SHA-256 of the provider's host key (base64, as `ssh-keygen -l` prints it without "SHA256:"): the gateway
       *  refuses any other host. */
      hostKeySha256: string;
      outbox: string;
      inbox: string;
    };

export type VansNetworkConfig = VansTransportConfig & {
  /** Poll the inbox this often (default 2). */
  pollSeconds: number;
  /** A remote receiver registered only for XDIS91: by MedCom's rules its VANS provider converts (false, the
   *  default: send CareCommunication); true: the gateway converts and sends XDIS91 (+XBIN01) itself. */
  convertLocally: boolean;
};

export interface NetworkConfig {
  vans?: VansNetworkConfig;
  /** Any valid GLN the gateway neither serves nor finds in its directory is reached through this network
   *  (absent: such a receiver is unknown, 422 as today). */
  defaultRoute?: "vans";
}

export interface LocationConfig {
  gln: string;
  sor: string;
  name: string;
  kind: LocationKind;
  municipality?: string;
  formats: Format[];
  delivery: Delivery;
}

export interface ClientConfig {
  id: string;
  /** SHA-256 of the API key, hex: the configuration never needs the key itself. */
  keyHash: string;
  /** The key was given in plaintext (`apiKey`): allowed with a warning, refused in production. */
  plaintextKey: boolean;
  locations: string[];
  roles: (typeof ROLES)[number][];
  /** Requests per minute before 429 (default DEFAULT_REQUESTS_PER_MINUTE). */
  requestsPerMinute: number;
  /**
   * With mutual TLS: the client certificate that identifies this client (SHA-256 fingerprint or subject serial). A
   * client with an API key as well needs both on every request (issue 11, point 15): either alone is refused.
   */
  certificate?: { sha256?: string; subjectSerial?: string };
  /** Known by its certificate alone (no API key configured): the certificate is enough. */
  certificateOnly?: boolean;
}

/** Generous for a journal system's bursts, low enough to stop a runaway client starving the others. */
export const DEFAULT_REQUESTS_PER_MINUTE = 30_000;

export interface ConfigOptions {
  /** NODE_ENV=production: plaintext API keys are errors, not warnings. */
  production?: boolean;
}

export interface Policy {
  ackTimeoutMinutes: number;
  maxResends: number;
  deliveryAttempts: number;
  retentionDays: number;
  /** Issue 12, point 4: a letter to a webhook or file-drop receiver not delivered this long after acceptance fails
   *  with the reason; until then a receiver that is down only makes its letters wait. */
  deliveryWindowHours: number;
  /** Retryable failures in a row that mark a receiving location down (its circuit breaker opens). */
  breakerFailures: number;
  /** How long a location stays marked down before a probe; doubled after each failed probe, up to the maximum. */
  breakerOpenMinutes: number;
  breakerMaxOpenMinutes: number;
}

export interface GatewayConfig {
  locations: LocationConfig[];
  clients: ClientConfig[];
  policy: Policy;
  /** The regional rules (`policy.reportOfConcern`, `policy.acuteLetters`; regional.ts). Absent: the defaults. */
  regional?: RegionalPolicy;
  /** The national network (issue 16): absent, the gateway routes only between the locations it serves. */
  network?: NetworkConfig;
}

/** MedCom's reliable-messaging defaults (DOMAIN.md §2.9: KR7 30 minutes, MR5/MR6 at most 3 resends). */
export const DEFAULT_POLICY: Policy = {
  ackTimeoutMinutes: 30,
  maxResends: 3,
  deliveryAttempts: 8,
  retentionDays: 30,
  deliveryWindowHours: 48,
  breakerFailures: 5,
  breakerOpenMinutes: 0.5,
  breakerMaxOpenMinutes: 10,
};
