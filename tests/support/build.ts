// Building messages in tests: the project's own compose fixtures, deterministic ids and a fixed clock.
import { buildCareCommunication } from "../../src/medcom/builders/index.js";
import type { Party } from "../../src/medcom/builders/index.js";
import { parseComposeRequest, type ComposeRequest } from "../../src/medcom/compose/index.js";
import type { Bundle } from "../../src/medcom/model/index.js";
import { readFixture } from "./shared.js";

export const NOW = "2026-11-22T10:00:00+01:00";

/** Lower-case UUID v4-shaped ids from a counter: the same sequence gives the same message. */
export function sequentialIds(start = 1): () => string {
  let n = start;
  return () => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, "0")}`;
}

export const DEMO_PARTIES: Record<string, Party> = {
  "5790001348120": { gln: "5790001348120", sor: "953741000016009", name: "PPR Gribskov Kommune" },
  "5790000209354": { gln: "5790000209354", sor: "265161000016000", name: "Lægerne Helsinge" },
  "5790001382445": { gln: "5790001382445", sor: "359001000016000", name: "Børne- og Ungdomspsykiatrisk Center" },
  "5790000121441": { gln: "5790000121441", sor: "328051000016008", name: "Socialforvaltningen Gribskov" },
};

export function composeFixture(name: string, overrides: Partial<ComposeRequest> = {}): ComposeRequest {
  const parsed = parseComposeRequest({ ...(JSON.parse(readFixture(`compose/${name}`)) as object), ...overrides });
  if (!parsed.ok) throw new Error(`fixture ${name} is not a valid compose request: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

export function party(gln: string): Party {
  const p = DEMO_PARTIES[gln];
  if (!p) throw new Error(`no demo party ${gln}`);
  return p;
}

/** Build a fixture; the receiver of a reply defaults to the answered message's sender. */
export function build(request: ComposeRequest, previous?: Bundle, ids = sequentialIds()): Bundle {
  const previousSender = previous ? senderGln(previous) : undefined;
  const receiver = request.receiver ?? previousSender;
  if (!receiver) throw new Error("no receiver");
  return buildCareCommunication(request, {
    newId: ids,
    now: NOW,
    parties: { sender: party(request.sender), receiver: party(receiver) },
    ...(previous ? { previous } : {}),
  });
}

function senderGln(bundle: Bundle): string | undefined {
  const header = bundle.entry?.[0]?.resource as { sender?: { reference?: string } } | undefined;
  const org = bundle.entry?.find((e) => `Organization/${e.resource?.id ?? ""}` === header?.sender?.reference)
    ?.resource as { identifier?: { system?: string; value?: string }[] } | undefined;
  return org?.identifier?.find((i) => i.system?.includes("gs1"))?.value;
}

/** A conversation built by the project's own builder: new → reply, and new with attachments → forward → reply. */
export function conversation() {
  const first = build(composeFixture("new-ppr-to-gp.json"), undefined, sequentialIds(1));
  const reply = build(composeFixture("reply-gp-to-ppr.json"), first, sequentialIds(100));
  const withAttachments = build(composeFixture("new-with-attachments.json"), undefined, sequentialIds(200));
  const forward = build(composeFixture("forward-to-psychiatry.json"), withAttachments, sequentialIds(300));
  const replyToForward = build(
    composeFixture("reply-gp-to-ppr.json", { sender: "5790000121441" }),
    forward,
    sequentialIds(400),
  );
  const replyWithAttachments = build(
    composeFixture("reply-gp-to-ppr.json", { sender: "5790001382445" }),
    withAttachments,
    sequentialIds(500),
  );
  return { first, reply, withAttachments, forward, replyToForward, replyWithAttachments };
}
