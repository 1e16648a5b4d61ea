// The one authorization decision of the gateway (CONTRACT.md §2): a client sends only as, and reads only for, its own
// locations; the receiving side (role `receive`) reads and acknowledges its mailbox; `admin` reads everything and
// administers. Every route asks here; nothing else decides.
import type { Caller } from "./clients.js";

export type Action =
  | { do: "send-as"; gln: string }
  | { do: "read-message"; sender: string; receiver: string }
  | { do: "use-mailbox"; gln: string }
  | { do: "acknowledge-as"; gln: string }
  | { do: "search-directory" }
  | { do: "administer" };

export function authorize(caller: Caller, action: Action): boolean {
  const admin = caller.roles.has("admin");
  const holds = (gln: string) => caller.locations.has(gln);
  switch (action.do) {
    case "send-as":
      return holds(action.gln) && caller.roles.has("send");
    case "read-message":
      return admin || holds(action.sender) || holds(action.receiver);
    case "use-mailbox":
      return admin || (holds(action.gln) && caller.roles.has("receive"));
    case "acknowledge-as":
      return holds(action.gln) && caller.roles.has("receive");
    case "search-directory":
      return true;
    case "administer":
      return admin;
  }
}
