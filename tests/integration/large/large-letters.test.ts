// Large letters in bounded memory with their chunks in Redis (the default): large-letters-suite.ts.
// Slow by nature: `npx vitest run --project integration tests/integration/large`.
import { largeLetterSuite } from "./large-letters-suite.js";

largeLetterSuite("redis");
