// The file side's hostile message ids (files.ts, issue 11 point 1) on the raw-Bundle path of the HTTP API: each id
// is put where a sender controls one — MessageHeader.id, Bundle.id, a resource's id (the Patient, references
// included) — in an otherwise valid letter built by the project's own builder, and likewise in a ready
// Acknowledgement (its MessageHeader.id, the acknowledged id, its Bundle.id). Every case is a 4xx; the test running
// the corpus also checks that nothing was stored. A Bundle.id or a resource id need only be a FHIR id (DOMAIN.md:
// "don't require UUID on receipt"; ".." and "con" are FHIR ids), so only ids that are not FHIR ids go there; a
// MessageHeader.id and an acknowledged id must be lower-case UUIDs, so every hostile id goes there. Made by the project.
import { buildAcknowledgement } from "../../src/medcom/builders/index.js";
import { isFhirId } from "../../src/medcom/ids.js";
import type { Bundle, MessageHeader } from "../../src/medcom/model/index.js";
import { build, composeFixture, NOW, sequentialIds } from "../../tests/support/build.js";
import type { HostileCase } from "./cases.js";
import { hostileMessageIds } from "./files.js";

const FHIR_JSON = "application/fhir+json";

type Place = "MessageHeader.id" | "Bundle.id" | "Patient.id";
type AckPlace = "MessageHeader.id" | "response.identifier" | "Bundle.id";

const header = (b: Bundle) => b.entry?.[0]?.resource as MessageHeader;

/** Replace one id everywhere it occurs (references included), as a sender building around a hostile id would. */
function withId(bundle: Bundle, from: string, to: string): string {
  return JSON.stringify(bundle).split(from).join(JSON.stringify(to).slice(1, -1));
}

/** A fresh valid PPR → GP letter; `start` keeps every case's ids apart (a case wrongly taken is no duplicate). */
const letter = (start: number) => build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(start));

function idIn(bundle: Bundle, place: Place | AckPlace): string {
  if (place === "Bundle.id") return bundle.id ?? "";
  if (place === "MessageHeader.id") return header(bundle).id ?? "";
  if (place === "response.identifier") return header(bundle).response?.identifier ?? "";
  return bundle.entry?.find((e) => e.resource?.resourceType === "Patient")?.resource?.id ?? "";
}

/** Where `id` is hostile: everywhere if it is not a FHIR id; else only where a lower-case UUID is demanded. */
const placesFor = <P extends Place | AckPlace>(id: string, places: readonly P[]): P[] =>
  places.filter((p) => !isFhirId(id) || p === "MessageHeader.id" || p === "response.identifier");

const shown = (id: string) => JSON.stringify(id).slice(0, 40);

export function followupHostileCases(): HostileCase[] {
  let start = 0x7000_0000;
  const next = () => (start += 0x100);
  return hostileMessageIds.flatMap((id): HostileCase[] => [
    ...placesFor(id, ["MessageHeader.id", "Bundle.id", "Patient.id"] as const).map((place): HostileCase => {
      const bundle = letter(next());
      return {
        name: `raw Bundle (file-side ids): ${place} ${shown(id)}`,
        method: "POST",
        path: "/v1/messages",
        contentType: FHIR_JSON,
        body: withId(bundle, idIn(bundle, place), id),
      };
    }),
    ...placesFor(id, ["MessageHeader.id", "response.identifier", "Bundle.id"] as const).map((place): HostileCase => {
      const message = letter(next());
      const ack = buildAcknowledgement({ message, code: "ok", newId: sequentialIds(next()), now: NOW });
      return {
        name: `raw Acknowledgement (file-side ids): ${place} ${shown(id)}`,
        method: "POST",
        path: "/v1/acknowledgements",
        as: "gp",
        contentType: FHIR_JSON,
        body: withId(ack, idIn(ack, place), id),
      };
    }),
  ]);
}
