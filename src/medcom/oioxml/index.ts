// MedCom's OIOXML correspondence (XDIS91, XBIN01, XCTL01/02/03): the model, reading, writing and Danish local time.
export * from "./model.js";
export { readOioxml, sniffOioxml } from "./read.js";
export { writeOioxml } from "./write.js";
export { checkOioxml } from "./check-document.js";
export * from "./codes.js";
export { fromLocalDateTime, toLocalDateTime } from "./local-time.js";
export { newOioId, OIO_ID_LENGTH, withHyphens, withoutHyphens } from "./ids.js";
