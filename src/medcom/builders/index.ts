export { buildCareCommunication, type BuildContext } from "./carecommunication.js";
export { buildAcknowledgement, type AcknowledgementCode, type AcknowledgementIssue } from "./acknowledgement.js";
export { technicalResend } from "./resend.js";
export { messageSummary, patientIdOf, type MessageSummary } from "../readers/summary.js";
export { segmentsOf, type Segment, type SegmentOrganization } from "../readers/segments-of.js";
export type { Party } from "./parties.js";
