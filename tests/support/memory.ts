// What the process still holds once the garbage collector has run: a leak shows here, while resident size mostly
// shows when the collector last ran (which made the peak-RSS comparison flaky).
import { collectGarbage as gc } from "./collect-garbage.js";

/** Live JavaScript heap plus Buffers/ArrayBuffers after two full collections (the second catches finalised objects). */
export function retainedBytes(): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}
