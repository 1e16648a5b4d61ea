// Hostile identifiers (issue 11, point 1): route parameters, cursors and the ids inside raw Bundles that reached Redis
// keys and file names. Every case is a 4xx with a problem; a malformed id is a malformed request (400), a Bundle with a
// malformed id breaks a rule (422). Made by the project.
import type { HostileCase } from "./cases.js";

const GP = "5790000209354";
const ID = "00000000-0000-4000-8000-000000000001";
/** A UUID in upper case: the gateway's ids are lower-case (one spelling, one key). */
const UPPER = "ABCDEF00-0000-4000-8000-00000000000A";
const JSON_FHIR = "application/fhir+json";

/** Ids that must never become a key or a file name. */
export const HOSTILE_IDS: readonly string[] = [
  "a/../../../../data/keys/keyring",
  "..",
  `${ID}:content`,
  "{mg}:msg:x",
  "x\r\nX-Injected: 1",
  "x\ny",
  "x\u0000y",
  "x".repeat(65),
  "*",
  "ABCDEF00-0000-4000-8000-000000000001",
  "not-a-uuid",
];

const PATHS: [string, number][] = [
  [`/v1/messages/${ID}:content`, 400],
  [`/v1/messages/${ID}%3Acontent`, 400],
  [`/v1/messages/${ID}:events/content`, 400],
  [`/v1/messages/${UPPER}`, 400],
  [`/v1/messages/${ID}%0D%0AX-Injected:%201`, 400],
  [`/v1/messages/${"a".repeat(65)}`, 400],
  [`/v1/messages/${"a".repeat(10_000)}`, 400],
  [`/v1/mailboxes/${GP}/messages/${ID}:content`, 400],
  [`/v1/mailboxes/579000020935/messages`, 400],
  [`/v1/mailboxes/${GP}0/messages`, 400],
  [`/v1/mailboxes/${GP}%0A/messages`, 400],
  [`/v1/mailboxes/${GP}/messages?cursor=1.not-a-uuid`, 400],
  [`/v1/mailboxes/${GP}/messages?cursor=1.${ID}:content`, 400],
  [`/v1/mailboxes/${GP}/messages?cursor=1.${UPPER}`, 400],
  [`/v1/threads/${ID}`, 400],
  [`/v1/threads/urn%3Auuid%3A${ID}%3Ax`, 400],
  [`/v1/threads/urn%3Auuid%3A*`, 400],
  [`/v1/threads/urn%3Auuid%3A${UPPER}`, 400],
];

const pathCases: HostileCase[] = PATHS.map(([path, status]) => ({
  name: `route parameter: ${path.slice(0, 90)}`,
  method: "GET",
  path,
  as: "gp",
  status,
}));

/** A raw Bundle carrying `id` where the gateway would use it; ids are checked before the rest is validated (422). */
const rawBundle = (where: "header" | "bundle" | "thread" | "response", id: string): string =>
  JSON.stringify({
    resourceType: "Bundle",
    id: where === "bundle" ? id : "b1",
    type: "message",
    entry: [
      {
        fullUrl: "https://example.invalid/MessageHeader/h",
        resource: {
          resourceType: "MessageHeader",
          id: where === "header" ? id : ID,
          ...(where === "response" ? { response: { identifier: id, code: "ok" } } : {}),
        },
      },
      ...(where === "thread"
        ? [{ resource: { resourceType: "Communication", id: "c1", identifier: [{ value: id }] } }]
        : []),
    ],
  });

/** An id with a character XML cannot carry is refused before its format is looked at (400 `json-character`). */
const statusFor = (id: string): number => (id.includes("\u0000") ? 400 : 422);

const bundleCases: HostileCase[] = HOSTILE_IDS.flatMap((id): HostileCase[] => {
  const shown = JSON.stringify(id).slice(0, 40);
  const status = statusFor(id);
  return [
    { name: `raw Bundle: MessageHeader.id ${shown}`, method: "POST", path: "/v1/messages", contentType: JSON_FHIR, body: rawBundle("header", id), status },
    { name: `raw Bundle: Communication.identifier ${shown}`, method: "POST", path: "/v1/messages", contentType: JSON_FHIR, body: rawBundle("thread", id), status },
    { name: `raw Acknowledgement: MessageHeader.id ${shown}`, method: "POST", path: "/v1/acknowledgements", as: "gp", contentType: JSON_FHIR, body: rawBundle("header", id), status },
    { name: `raw Acknowledgement: response.identifier ${shown}`, method: "POST", path: "/v1/acknowledgements", as: "gp", contentType: JSON_FHIR, body: rawBundle("response", id), status },
  ];
});

const bundleIdCases: HostileCase[] = ["a/../b", "x:y", "x\r\ny", "b".repeat(65)].map((id) => ({
  name: `raw Bundle: Bundle.id ${JSON.stringify(id).slice(0, 40)}`,
  method: "POST",
  path: "/v1/messages",
  contentType: JSON_FHIR,
  body: rawBundle("bundle", id),
  status: 422,
}));

export const apiHostileCases: HostileCase[] = [...pathCases, ...bundleCases, ...bundleIdCases];
