// Reply statistics (issue: reply tracking): the first reply from a letter's receiver marks the letter answered.
import type { MessageRecord } from "../../domain/record.js";
import type { UseCaseDeps } from "../deps.js";

export async function trackReply(reply: MessageRecord, deps: Pick<UseCaseDeps, "store">): Promise<void> {
  const [rootId] = await deps.store.thread(reply.thread ?? "");
  const root = rootId && rootId !== reply.id ? await deps.store.get(rootId) : undefined;
  if (root?.kind === "new" && root.receiver.gln === reply.sender.gln)
    await deps.store.setOnce(root.id, "firstReplyAt", reply.createdAt);
}
