// Converting Flow1's XDIS91 (changed as a test needs) with Flow1's parties: shared by the XDIS91 → CC case tests.
import { xdis91ToCareCommunication } from "../../../src/medcom/convert/xdis91-to-cc.js";
import type { Xbin01, Xdis91 } from "../../../src/medcom/oioxml/model.js";
import { validateMessage } from "../../../src/medcom/validate/index.js";
import { FLOW1_PARTIES, flow1Xbin01, flow1Xdis91 } from "./legacy-examples.js";

/** With Flow1's XBIN01 unless another one, or `undefined` (none came), is given. */
export const convert = (letter: Xdis91, ...binary: [Xbin01 | undefined] | []) =>
  xdis91ToCareCommunication(letter, binary.length === 0 ? flow1Xbin01() : binary[0], { parties: FLOW1_PARTIES });

/** Flow1's XDIS91 after `change`. */
export const withLetter = (change: (l: Xdis91) => void): Xdis91 => {
  const l = flow1Xdis91();
  change(l);
  return l;
};

/** The validator's errors for the converted Bundle. */
export const errorsOf = (r: { bundle: Parameters<typeof validateMessage>[0] }) =>
  validateMessage(r.bundle).issues.filter((i) => i.severity === "error");
