export { buildCareCommunication, type BuildContext } from "./carecommunication.js";
export { buildAcknowledgement, type AcknowledgementCode, type AcknowledgementIssue } from "./acknowledgement.js";
export { technicalResend } from "./resend.js";
export { messageSummary, patientIdOf, type MessageSummary } from "./summary.js";
export { segmentsOf, type Segment, type SegmentOrganization } from "./segments-of.js";
export type { Party } from "./parties.js";
