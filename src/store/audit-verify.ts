// Verifying the audit trail: from the retention base (its own MAC checked) through every entry to the head, each
// against the checkpoints kept outside Redis; incrementally from the newest checkpoint when the trail's length shows
// nothing was removed, otherwise (or asked for `full`) from the base.
import { baseMac, createChainVerifier, sameMac, START, type AuditProblem, type ChainPoint } from "./audit-chain.js";
import type { AuditCheckpoints } from "./audit-checkpoints.js";
import { parse, type TrailReader } from "./audit-read.js";
import type { AuditVerification } from "../domain/ports/audit-log.js";

/** One pass; undefined when retention moved the trail's start meanwhile (and `settle` is false): run it again. */
export async function verifyTrailOnce(
  trail: TrailReader,
  checkpoints: AuditCheckpoints,
  chainKey: Buffer,
  full: boolean,
  settle: boolean,
): Promise<AuditVerification | undefined> {
  const trusted = await checkpoints.trusted();
  const first = await trail.read(0, 0);
  const problems: AuditProblem[] = [...trusted.problems];
  let base: ChainPoint = START;
  if (first.base) {
    base = { seq: first.base.seq, mac: first.base.mac };
    if (!sameMac(first.base.sig, baseMac(chainKey, base)))
      problems.push({ seq: base.seq, code: "altered", problem: "the retention base was altered (its MAC fails)" });
  }
  const points = new Map([...trusted.points].filter(([seq]) => seq > base.seq));
  const vouched = trusted.points.get(base.seq);
  if (base.seq > 0 && vouched !== undefined && !sameMac(vouched, base.mac))
    problems.push({ seq: base.seq, code: "diverged", problem: "the retention base differs from a checkpoint" });

  // Incremental: from the newest trusted point at or below the head, if the entry there is the one vouched for
  // and the trail holds exactly head − base entries (a removal anywhere changes that, so it falls back to full).
  let anchor = base;
  let index = 0;
  let newest = 0;
  for (const seq of points.keys()) if (seq <= first.head.seq) newest = Math.max(newest, seq);
  if (!full && newest > base.seq && first.length === first.head.seq - base.seq) {
    const at = newest - base.seq - 1;
    const probe = parse((await trail.read(at, 1)).lines[0] ?? "");
    const mac = points.get(newest) ?? "";
    if (probe?.seq === newest && typeof probe.mac === "string" && sameMac(probe.mac, mac)) {
      anchor = { seq: newest, mac };
      index = at + 1;
    }
  }
  const verifier = createChainVerifier(chainKey, anchor, points);
  const last = await trail.readFrom(index, first, (line) => verifier.add(line), settle);
  if (!last) return undefined;
  const result = verifier.finish(last.head);
  problems.push(...result.problems);
  return {
    ok: problems.length === 0,
    checked: result.checked,
    problems,
    mode: anchor.seq > base.seq ? "incremental" : "full",
    from: anchor.seq,
    head: last.head.seq,
  };
}
