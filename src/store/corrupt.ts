// A stored value that fails its integrity check (issue 11, point 8): a plaintext or unparseable value where a sealed
// one belongs, a sealed value that does not open, or a record hash that names another id. Whoever can write to Redis
// could otherwise have the gateway serve (or deliver) words it never sealed. The error names the record and field
// only, never the value: it may hold patient data.
import { GatewayError } from "../errors.js";

export class StoredValueCorrupt extends GatewayError {
  constructor(
    readonly messageId: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super("corrupt", [
      {
        severity: "error",
        code: "stored-value-corrupt",
        path: "",
        message: "A stored value of this message fails its integrity check; it is not served. Operators: see the log.",
      },
    ]);
    this.name = "StoredValueCorrupt";
  }
}

/** Told of every corrupt value found, so it is logged once where it is found (record id and field, no content). */
export type OnCorrupt = (found: { messageId: string; field: string; reason: string }) => void;
