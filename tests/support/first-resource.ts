// A copy of a message with its first resource after the MessageHeader changed: where the equivalence tests put odd
// members (tests/unit/validate/speed-equivalence.test.ts, tests/unit/readers/fingerprint-recipe.test.ts).
import type { Bundle } from "../../src/medcom/model/index.js";

export function withFirstResourceChanged(bundle: Bundle, change: (resource: Record<string, unknown>) => void): Bundle {
  const copy = JSON.parse(JSON.stringify(bundle)) as Bundle;
  const resource = copy.entry?.[1]?.resource as unknown as Record<string, unknown> | undefined;
  if (resource) change(resource);
  return copy;
}
