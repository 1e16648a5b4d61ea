// Danish identifiers inside messages: GLN (GS1 check digit; read under all three system URIs, DOMAIN.md §6.1),
// SOR (≥ 11 digits, §6.2), CPR (date shape, no modulus 11) and replacement CPRs (§1.7).
// Values quoted in messages are shown cut and escaped (shownValue): they come from the message (issue 11 sweep).
import { shownValue } from "../ids.js";
import { isValidCpr, isValidDEcpr, isValidGln, isValidSor, isValidXEcpr } from "../identifiers.js";
import type { Identifier } from "../model/index.js";
import { ECPR_SYSTEM_PREFIX, GLN_SYSTEMS, IdentifierSystem } from "../systems.js";
import type { ValidationContext } from "./context.js";

export function checkOrganizationIdentifiers(ctx: ValidationContext): void {
  for (const entry of ctx.ofType("Organization")) {
    const identifiers = (entry.resource as { identifier?: Identifier[] }).identifier ?? [];
    identifiers.forEach((id, i) => {
      const path = `${entry.path}.identifier[${i}].value`;
      const value = id.value ?? "";
      if (id.system !== undefined && GLN_SYSTEMS.includes(id.system)) {
        if (!/^\d{13}$/.test(value)) {
          ctx.error(
            "gln-length",
            path,
            `A GLN (lokationsnummer) has exactly 13 digits; found "${shownValue(value)}".`,
            "gln-length",
          );
        } else if (!isValidGln(value)) {
          ctx.error("gln-check-digit", path, `GLN ${shownValue(value)} has a wrong GS1 check digit.`, "gln-modulus-10");
        }
        if (id.system !== IdentifierSystem.gln) {
          ctx.warning(
            "gln-system",
            `${entry.path}.identifier[${i}].system`,
            `CareCommunication 5.0 writes GLNs under ${IdentifierSystem.gln}; ${shownValue(id.system ?? "")} was read as a GLN.`,
            "gln-system",
          );
        }
      } else if (id.system === IdentifierSystem.sor && !isValidSor(value)) {
        ctx.error(
          "sor-format",
          path,
          `A SOR code is at least 11 digits; found "${shownValue(value)}".`,
          "min-digits-sor",
        );
      }
    });
    if (
      !identifiers.some(
        (id) =>
          id.system === IdentifierSystem.sor ||
          id.system === "https://kombit.dk/sts/organisation" ||
          id.system === "urn:oid:2.16.840.1.113883.2.24.1.1",
      )
    ) {
      ctx.error(
        "organization-identifier",
        `${entry.path}.identifier`,
        "An Organization needs a SOR (or KOMBIT/CVR-type) identifier.",
        "dk-core-organization-mandatory-identifier",
      );
    }
  }
}

// MedComMessagingOrganization's SOR-ID 1..1 and EAN-ID 1..1 (DOMAIN.md §1.8) and MedComCorePatient's name:official
// 1..1 with family 1..1 are slices, counted by cardinality.ts from the profiles.

export function checkPatientIdentifiers(ctx: ValidationContext): void {
  for (const entry of ctx.ofType("Patient")) {
    const identifiers = (entry.resource as { identifier?: Identifier[] }).identifier ?? [];
    identifiers.forEach((id, i) => {
      const path = `${entry.path}.identifier[${i}].value`;
      const value = id.value ?? "";
      if (id.system === IdentifierSystem.cpr && !isValidCpr(value)) {
        ctx.error("cpr-format", path, "A CPR number is 10 digits starting with a valid date (DDMMYY).", "dk-core-cpr");
      } else if (id.system === IdentifierSystem.xEcpr && !isValidXEcpr(value)) {
        ctx.error(
          "ecpr-format",
          path,
          "A national replacement CPR is DDMMYY, two digits, 1 or 7, two capital letters and a digit.",
          "dk-core-x-ecpr",
        );
      } else if (
        id.system?.startsWith(ECPR_SYSTEM_PREFIX) &&
        id.system !== IdentifierSystem.xEcpr &&
        !isValidDEcpr(value)
      ) {
        ctx.error(
          "ecpr-format",
          path,
          "A decentral replacement CPR is DDMMYY followed by 0, 5 or 6 and three characters.",
          "dk-core-d-ecpr",
        );
      }
    });
  }
}

/** dk-core `marital-status-unknown-usage` (warning): P and A are not used together. */
export function checkMaritalStatus(ctx: ValidationContext): void {
  for (const entry of ctx.ofType("Patient")) {
    const codes = (
      (entry.resource as { maritalStatus?: { coding?: { code?: string }[] } }).maritalStatus?.coding ?? []
    ).map((c) => c.code);
    if (codes.includes("P") && codes.includes("A")) {
      ctx.warning(
        "marital-status",
        `${entry.path}.maritalStatus`,
        "Marital status should not be both P and A.",
        "marital-status-unknown-usage",
      );
    }
  }
}
