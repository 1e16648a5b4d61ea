// TRUST_PROXY and the client address (issue 11, point 13): X-Forwarded-For is believed only from a trusted proxy, and
// then only its rightmost hop that is not a trusted proxy.
import { describe, expect, test } from "vitest";
import { clientAddressOf, parseTrustProxy } from "../../../src/http/client-address.js";

const proxies = (value: string) => {
  const parsed = parseTrustProxy(value);
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed.proxies;
};

describe("client address", () => {
  test("without TRUST_PROXY, X-Forwarded-For is ignored", () => {
    expect(clientAddressOf("10.0.0.5", "203.0.113.7", proxies(""))).toBe("10.0.0.5");
    expect(clientAddressOf("10.0.0.5", "203.0.113.7", proxies("off"))).toBe("10.0.0.5");
  });

  test("from a trusted proxy: the rightmost untrusted hop; forged left-hand hops do not count", () => {
    const trusted = proxies("10.0.0.5, 10.0.0.6");
    expect(clientAddressOf("10.0.0.5", "1.2.3.4, 203.0.113.7", trusted)).toBe("203.0.113.7");
    expect(clientAddressOf("::ffff:10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.6", trusted)).toBe("203.0.113.7");
    expect(clientAddressOf("10.0.0.9", "203.0.113.7", trusted)).toBe("10.0.0.9");
    expect(clientAddressOf("10.0.0.5", undefined, trusted)).toBe("10.0.0.5");
    // Not an address where the proxy should have written one: the proxy answers for it (no client text in keys).
    expect(clientAddressOf("10.0.0.5", "203.0.113.7, evil:key\r\n", trusted)).toBe("10.0.0.5");
  });

  test("loopback is a shorthand; anything else must be an IP address", () => {
    expect([...proxies("loopback")].sort()).toEqual(["127.0.0.1", "::1"]);
    expect(parseTrustProxy("10.0.0.0/8")).toHaveProperty("problem");
    expect(parseTrustProxy("true")).toHaveProperty("problem");
  });
});
