export { buildCareCommunication, type BuildContext } from "./carecommunication.js";
export { buildAcknowledgement, type AcknowledgementCode, type AcknowledgementIssue } from "./acknowledgement.js";
export { technicalResend } from "./resend.js";
export type { Party } from "./parties.js";
