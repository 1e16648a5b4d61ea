// MedCom's VANSEnvelope 1.0.4 (LEGACY.md §5): the model, reading, writing, the envelope for a payload, the receiver's
// envelope rules and the envelope receipts. No gateway wiring here: the VANS adapter builds on this.
export * from "./model.js";
export { readVansEnvelope } from "./read.js";
export { writeVansEnvelope, writeVansEnvelopeStream } from "./write.js";
export { dataFromBase64, dataFromBytes } from "./data.js";
export * from "./envelope-for.js";
export * from "./rules.js";
export * from "./receipts.js";
export { vansSentDateTime } from "./sent-time.js";
export { checkVansValues } from "./values.js";
