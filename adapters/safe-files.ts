// The safe file primitives live in src/fs/safe-files.ts, where the gateway's own files (audit checkpoints) can use them
// too without src/ importing adapters/ (ARCHITECTURE.md's import rules); the file-drop adapter and the inbox poller
// keep importing them from here.
export * from "../src/fs/safe-files.js";
