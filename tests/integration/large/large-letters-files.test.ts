// Large letters in bounded memory with their chunks kept as files (GATEWAY_BLOB_DIR, issue 17): the same suite as
// large-letters.test.ts, and the files' own checks in it (a chunk file per blob, none left by a refused body).
import { largeLetterSuite } from "./large-letters-suite.js";

largeLetterSuite("files");
