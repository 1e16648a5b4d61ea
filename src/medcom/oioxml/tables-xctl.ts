// XCTL01/02/03: NegativeVansReceipt, NegativeReceipt, PositiveReceipt (2005/08/07, the same in 2020/05/06; §4).
import { REFUSE_CODES, VERSION_CODES } from "./codes.js";
import { type ComplexType, type Particle, element, enumeration, optional, sequence, text } from "./schema.js";
import { breakableTextType, emessageType, glnOnlyType, letterHead } from "./tables-common.js";

const refuseCodeType = enumeration("RefuseCode (NegativeReceipt.xsd)", REFUSE_CODES);

function receiptType(root: string, version: string, negative: boolean): ComplexType {
  const file = `${root}.xsd`;
  const refusal: Particle[] = negative
    ? [optional("RefuseCode", refuseCodeType), optional("RefuseText", breakableTextType)]
    : [];
  const originalLetter = sequence(
    `${root}Type's OriginalLetter (${file})`,
    element("OriginalLetterIdentifier", text(1, 14)),
    element("OriginalVersionCode", text(1, 7, "OriginalVersionCodeType (String_1_7, ValueLists.xsd)")),
    ...refusal,
  );
  return sequence(
    `${root}Type (${file})`,
    element("Letter", sequence(`${root}LetterType (${file})`, ...letterHead(`${root}LetterType`, file, version))),
    element("Sender", glnOnlyType),
    element("Receiver", glnOnlyType),
    element(
      "OriginalEmessage",
      sequence(
        `${root}Type's OriginalEmessage (${file})`,
        element("OriginalEnvelopeIdentifier", text(1, 14)),
        element("OriginalSender", glnOnlyType),
        element("OriginalReceiver", glnOnlyType),
        ...refusal,
        element("OriginalLetter", originalLetter, 0, 99),
      ),
    ),
  );
}

export const xctlEmessages = {
  xctl01: emessageType("NegativeVansReceipt", receiptType("NegativeVansReceipt", VERSION_CODES.xctl01, true)),
  xctl02: emessageType("NegativeReceipt", receiptType("NegativeReceipt", VERSION_CODES.xctl02, true)),
  xctl03: emessageType("PositiveReceipt", receiptType("PositiveReceipt", VERSION_CODES.xctl03, false)),
} as const;
