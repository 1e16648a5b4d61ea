// The one issue vocabulary of the gateway (CONTRACT.md §2): every rejection says what, where and why.

export type Severity = "error" | "warning" | "information";

export interface Issue {
  severity: Severity;
  /** Stable machine code, e.g. `cardinality-min`, `invariant`, `xml-not-well-formed`. */
  code: string;
  /** The MedCom invariant or rule id where one applies, e.g. `medcom-careCommunication-5`. */
  rule?: string;
  /** Where: a FHIRPath-like path for FHIR input, a JSON pointer for a compose request. */
  path: string;
  /** A sentence a person can act on. */
  message: string;
}

export function error(code: string, path: string, message: string, rule?: string): Issue {
  return rule === undefined
    ? { severity: "error", code, path, message }
    : { severity: "error", code, rule, path, message };
}

export function warning(code: string, path: string, message: string, rule?: string): Issue {
  return rule === undefined
    ? { severity: "warning", code, path, message }
    : { severity: "warning", code, rule, path, message };
}

/** Only errors make a message invalid; warnings and information never do. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** A result that is either a value or the issues that prevented it. */
export type Result<T> = { ok: true; value: T; issues: Issue[] } | { ok: false; issues: Issue[] };
