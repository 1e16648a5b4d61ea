// SentDateTime (xs:dateTime, LEGACY.md §5.1). Decision: the gateway writes Danish wall-clock time with seconds and
// without an offset, as MedCom's only VANSEnvelope example does (2020-08-26T17:12:13); it reads any xs:dateTime.
import { copenhagenWall } from "../../util/copenhagen-clock.js";

export function vansSentDateTime(instant: number): string {
  return new Date(copenhagenWall(instant).asUtc).toISOString().slice(0, 19);
}
