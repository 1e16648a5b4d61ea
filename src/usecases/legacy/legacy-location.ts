// Who may send OIOXML: a caller acting for the letter's sending location (Sender/EANIdentifier, or for a receipt the
// receipting location), whose configured `formats` name "xdis91" (issue 15, point 3; plan decision 5).
import type { Caller } from "../../access/clients.js";
import { authorize } from "../../access/authorize.js";
import { fail } from "../../errors.js";
import { shownValue } from "../../medcom/ids.js";
import type { Location } from "../../routing/directory.js";
import type { UseCaseDeps } from "../deps.js";
import { requireSenderLocation } from "../steps/checks.js";

function requireLegacyFormat(location: Location, path: string): Location {
  if (!location.formats.includes("xdis91"))
    fail(
      "forbidden",
      "legacy-format-not-configured",
      path,
      `The location ${location.gln} does not speak OIOXML: its formats do not name "xdis91".`,
    );
  return location;
}

/** The sending location of a letter (XDIS91, XBIN01). */
export function requireLegacySender(
  caller: Caller,
  gln: string,
  path: string,
  deps: Pick<UseCaseDeps, "directory">,
): Location {
  return requireLegacyFormat(requireSenderLocation(caller, gln, path, deps), path);
}

/** The location issuing a receipt (XCTL): the receiver of the receipted letter, answering for itself. */
export function requireLegacyReceipter(
  caller: Caller,
  gln: string,
  path: string,
  deps: Pick<UseCaseDeps, "directory">,
): Location {
  if (!authorize(caller, { do: "acknowledge-as", gln }))
    fail("forbidden", "sender-not-yours", path, `This client may not acknowledge as ${shownValue(gln)}.`);
  const location = deps.directory.get(gln);
  if (!location) fail("forbidden", "sender-unknown", path, `${shownValue(gln)} is not in the gateway's directory.`);
  return requireLegacyFormat(location, path);
}
