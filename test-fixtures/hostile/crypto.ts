// Hostile values a Redis writer puts where a sealed value belongs (issue 11, point 8): none of them may be served or
// delivered as genuine. Some are made from a genuine sealed value of the same record (`genuine`, `mg2:` format) or of
// another record (`other`), as an attacker with read access to Redis would.

export interface HostileStoredValue {
  name: string;
  value: string;
}

export function hostileStoredValues(genuine: string, other: string): HostileStoredValue[] {
  const [, keyId = "", iv = "", tag = "", body = ""] = genuine.split(":");
  return [
    { name: "plaintext", value: "Forfalsket emne" },
    { name: "plaintext that looks like JSON", value: '{"resourceType":"Bundle","type":"message"}' },
    { name: "empty", value: "" },
    { name: "the prefix alone", value: "mg2:" },
    { name: "too few parts", value: `mg2:${keyId}:${iv}:${tag}` },
    { name: "too many parts", value: `${genuine}:x` },
    { name: "unknown format", value: `mg9:${keyId}:${iv}:${tag}:${body}` },
    { name: "relabelled as the older mg1 format", value: `mg1:${keyId}:${iv}:${tag}:${body}` },
    { name: "unknown key id", value: `mg2:k999:${iv}:${tag}:${body}` },
    { name: "key id __proto__", value: `mg2:__proto__:${iv}:${tag}:${body}` },
    { name: "key id constructor", value: `mg2:constructor:${iv}:${tag}:${body}` },
    { name: "tag shortened to 4 bytes", value: `mg2:${keyId}:${iv}:${tag.slice(0, 6)}:${body}` },
    { name: "empty tag", value: `mg2:${keyId}:${iv}::${body}` },
    { name: "body flipped", value: `mg2:${keyId}:${iv}:${tag}:${body.startsWith("A") ? "B" : "A"}${body.slice(1)}` },
    { name: "empty IV", value: `mg2:${keyId}::${tag}:${body}` },
    { name: "another record's genuine value", value: other },
  ];
}
