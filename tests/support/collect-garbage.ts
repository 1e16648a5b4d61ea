// V8's full garbage collection, for the tests that measure memory or cost: exposed at run time (--expose-gc through
// setFlagsFromString, the function taken from a fresh context), so no test process needs a flag to start with.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
export const collectGarbage = runInNewContext("gc") as () => void;
