// The shipped demo configuration, optionally with extra locations, clients and policy, for tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGatewayConfig, type GatewayConfig, type LocationConfig } from "../../src/config/schema.js";
import { projectRoot } from "./shared.js";

export function demoConfig(
  extra: { locations?: LocationConfig[]; clients?: Record<string, unknown>[]; network?: unknown } = {},
  policy = {},
): GatewayConfig {
  const raw = JSON.parse(readFileSync(join(projectRoot, "config/gateway.json"), "utf8")) as {
    locations: unknown[];
    clients: unknown[];
    policy?: object;
  };
  const parsed = parseGatewayConfig({
    locations: [...raw.locations, ...(extra.locations ?? [])],
    clients: [...raw.clients, ...(extra.clients ?? [])],
    policy: { ...raw.policy, ...policy },
    ...(extra.network !== undefined ? { network: extra.network } : {}),
  });
  if (!parsed.ok) throw new Error(`test config invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

export const demoLocations = (): LocationConfig[] => demoConfig().locations;
