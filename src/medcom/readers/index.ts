export {
  describeMessage,
  type MessageDescription,
  type MessageKind,
  type MessageParty,
  type ResponseCode,
} from "./message.js";
export { isCurrentFingerprint, messageFingerprint } from "./fingerprint.js";
export { segmentsOf, type Segment, type SegmentOrganization } from "./segments-of.js";
