// The audit trail's contract, for Redis and memory alike: append in order, settle pending entries once, verify, trim.
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../src/domain/audit.js";
import { iso, T0, type PortsFactory } from "./ports.js";

const entry = (at: number, detail: string): AuditEntry => ({ at: iso(at), client: "test", action: "admin", detail });

export function auditLogContract(name: string, factory: PortsFactory): void {
  const ports = () => factory(() => new Date(T0));
  describe(`${name}: audit log contract`, () => {
    it("appends in order, numbers entries and verifies its chain", async () => {
      const { auditLog } = await ports();
      expect(await auditLog.append(entry(T0, "one"))).toBe(1);
      expect(await auditLog.append(entry(T0 + 1, "two"))).toBe(2);
      const listed = await auditLog.list(10);
      expect(listed.map((e) => [e.seq, e.entry.detail])).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
      expect(listed[1]?.prev).toBe(listed[0]?.mac);
      expect((await auditLog.list(1)).map((e) => e.seq)).toEqual([2]);
      expect(await auditLog.verify({ full: true })).toMatchObject({ ok: true, problems: [], head: 2 });
    });

    it("appends a given entry only while it is pending", async () => {
      const { auditLog } = await ports();
      // Only the message store writes pending entries; an entry not pending (anymore) is not appended.
      expect(await auditLog.settle({ pending: [{ field: "submit:nothing", entry: entry(T0, "x") }] })).toBe(0);
      expect(await auditLog.list(10)).toEqual([]);
    });

    it("trims entries older than the retention, from the oldest, and still verifies", async () => {
      const { auditLog } = await ports();
      for (const [i, d] of ["a", "b", "c"].entries()) await auditLog.append(entry(T0 + i * 1000, d));
      expect(await auditLog.trim(new Date(T0 + 1500))).toBe(2);
      expect((await auditLog.list(10)).map((e) => e.entry.detail)).toEqual(["c"]);
      expect(await auditLog.verify({ full: true })).toMatchObject({ ok: true, head: 3 });
      expect(await auditLog.append(entry(T0 + 5000, "d"))).toBe(4);
    });
  });
}
