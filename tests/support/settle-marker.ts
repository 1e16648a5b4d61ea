/** The line settle-on-signal.ts writes to the child's stderr after each settle: `<SETTLED_MARKER> <n>`, n from 1. */
export const SETTLED_MARKER = "[test] heap settled";
