// Checks shared by the use cases: who may send as a location, and whether a receiver can be reached.
import { authorize } from "../../access/authorize.js";
import type { Caller } from "../../access/clients.js";
import { fail } from "../../errors.js";
import { shownValue } from "../../medcom/ids.js";
import type { Location } from "../../routing/directory.js";
import type { UseCaseDeps } from "../deps.js";

export function requireSenderLocation(
  caller: Caller,
  gln: string,
  path: string,
  deps: Pick<UseCaseDeps, "directory">,
): Location {
  if (!authorize(caller, { do: "send-as", gln }))
    fail(
      "forbidden",
      "sender-not-yours",
      path,
      `This client may not send as ${gln ? shownValue(gln) : "an unknown sender"}.`,
    );
  const location = deps.directory.get(gln);
  if (!location)
    fail("forbidden", "sender-unknown", path, `The sender ${shownValue(gln)} is not in the gateway's directory.`);
  return location;
}

/**
 * The receiver must be a location in the directory (all of them take CareCommunication). MedCom's code for a
 * receiver nobody knows is MSG_Receiver_Identifier_UNKNOWN (acknowledgement issue details, DOMAIN.md §3.4).
 */
export function requireReceiver(gln: string, path: string, deps: Pick<UseCaseDeps, "directory">): Location {
  const location = deps.directory.get(gln);
  if (!location) {
    fail(
      "invalid",
      "MSG_Receiver_Identifier_UNKNOWN",
      path,
      `The receiver ${gln ? shownValue(gln) : "(none)"} is not a location in the gateway's directory; search GET /v1/locations for the right GLN.`,
    );
  }
  return location;
}

/**
 * A location reached by the network's default route is known only by its GLN: the message's own SOR id and name for
 * it (validated with the message) are the better ones to keep and show. Any other location keeps the directory's.
 */
export function asNamed(location: Location, party: { sor: string; name: string }): Location {
  return location.origin === "default-route" && party.name
    ? { ...location, sor: party.sor, name: party.name }
    : location;
}
