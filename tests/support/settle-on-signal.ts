// Test-only, loaded into a gateway child process with `--import` by the tests that measure its memory
// (spawnGateway's `settleOnSignal`); the gateway itself never loads it. On SIGUSR2 the child runs two full garbage
// collections (the second catches what the first finalised) and then writes a marker line with a counter to stderr,
// so the test knows the collection is over before it reads the child's resident size. Why: a window's baseline read
// at whatever moment the collector last ran swung by tens of MiB (the collector's own timing, not the letter's cost);
// after a forced collection every window starts from the same settled heap. SIGUSR2, as SIGUSR1 is Node's inspector.
import { collectGarbage as gc } from "./collect-garbage.js";
import { SETTLED_MARKER } from "./settle-marker.js";

let settled = 0;

process.on("SIGUSR2", () => {
  gc();
  gc();
  settled += 1;
  process.stderr.write(`${SETTLED_MARKER} ${settled}\n`);
});
