// `mailbox`: the message waits in the receiver's mailbox in Redis until its system fetches it over the API
// (GET /v1/mailboxes/{gln}/messages). Putting a message there twice leaves it there once. The delivery worker hands
// over with `deliverAndMark`: attempt, mailbox and status `delivered` in one atomic step (issue 12, point 3).
import type { MailboxStore } from "../src/domain/ports/index.js";
import type { LocalDeliveryAdapter } from "./types.js";

export function mailboxAdapter(mailboxes: MailboxStore, now: () => number = Date.now): LocalDeliveryAdapter {
  return {
    name: "mailbox",
    async deliver({ messageId, receiver }) {
      await mailboxes.put(receiver.gln, messageId, now());
      return { outcome: "delivered", detail: `in mailbox ${receiver.gln}` };
    },
    deliverAndMark: ({ messageId, receiver, run }, events) => mailboxes.deliver(receiver.gln, messageId, run, events),
  };
}
