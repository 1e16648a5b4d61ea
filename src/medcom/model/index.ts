export type * from "./datatypes.js";
export type * from "./resources.js";
