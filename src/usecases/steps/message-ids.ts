// The identifiers of a raw Bundle (posted by a client, dropped in an inbox) checked before the gateway uses any of them
// (issue 11, point 1): the MessageHeader.id becomes a Redis key and, in the file-drop adapter, a file name; the
// thread id a Redis key; the acknowledged id a lookup. Run before validation, so nothing is built from a hostile id.
// The shape of the rest is the validator's business; an id that is absent is left to it too (it reports cardinality).
import { GatewayError } from "../../errors.js";
import { isFhirId, isMessageId, isThreadId, shownValue } from "../../medcom/ids.js";
import { error, type Issue } from "../../util/issues.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A value, quoted and cut short for an answer: a hostile id is never echoed in full (issue 11, point 1). */
const shown = (value: unknown): string => (typeof value === "string" ? `"${shownValue(value)}"` : `a ${typeof value}`);

export function messageIdIssues(bundle: unknown): Issue[] {
  if (!isObject(bundle)) return [];
  const issues: Issue[] = [];
  if (bundle.id !== undefined && !isFhirId(bundle.id))
    issues.push(
      error(
        "bundle-id",
        "Bundle.id",
        `Bundle.id ${shown(bundle.id)} is not a FHIR id (1–64 of A–Z, a–z, 0–9, '-' and '.').`,
        "fhir-id",
      ),
    );
  listOf(bundle.entry).forEach((entry, i) => {
    const resource = isObject(entry) ? entry.resource : undefined;
    if (!isObject(resource)) return;
    const path = `Bundle.entry[${i}].resource`;
    if (resource.resourceType === "MessageHeader") {
      // MedCom's governance asks for a UUID (DOMAIN.md §2.4); the gateway keys, files and correlates on this id.
      if (resource.id !== undefined && !isMessageId(resource.id))
        issues.push(
          error(
            "message-id",
            `${path}.id`,
            `MessageHeader.id ${shown(resource.id)} must be a lower-case UUID (MedCom: a new UUID for every message).`,
            "medcom-message-id",
          ),
        );
      const response = resource.response;
      if (isObject(response) && response.identifier !== undefined && !isMessageId(response.identifier))
        issues.push(
          error(
            "message-id",
            `${path}.response.identifier`,
            `response.identifier ${shown(response.identifier)} must be the MessageHeader.id (a lower-case UUID) of the acknowledged message.`,
            "medcom-message-id",
          ),
        );
    }
    if (resource.resourceType === "Communication") {
      listOf(resource.identifier).forEach((identifier, j) => {
        const value = isObject(identifier) ? identifier.value : undefined;
        if (value !== undefined && !isThreadId(value))
          issues.push(
            error(
              "thread-id",
              `${path}.identifier[${j}].value`,
              `The conversation id ${shown(value)} must be urn:uuid: followed by a lower-case UUID.`,
              "medcom-uuidv4",
            ),
          );
      });
    }
  });
  return issues;
}

/** Refuse (422) a Bundle whose ids the gateway may not use; every id problem at once. */
export function requireMessageIds(bundle: unknown): void {
  const issues = messageIdIssues(bundle);
  if (issues.length > 0) throw new GatewayError("invalid", issues);
}
