// The blob store's failures (issue 17, point 1). Each names the blob (a gateway-minted UUID) and what is wrong with
// it, never its bytes: they are a patient's attachment.
import { GatewayError } from "../errors.js";

/** Why a blob cannot be read. */
export type BlobFault = "missing" | "incomplete" | "does-not-open" | "wrong-size";

const FAULT: Record<BlobFault, string> = {
  missing: "is missing (expired, deleted, or never written)",
  incomplete: "is incomplete (a chunk is missing, or it was never finished)",
  "does-not-open": "has a chunk that does not open (altered, moved, or sealed with another key)",
  "wrong-size": "does not hold the chunk count or byte count it was finished with",
};

/** A read of a blob failed: before its first chunk, or part way (a delivery streaming it must then fail). */
export class BlobUnreadable extends Error {
  constructor(
    readonly blobId: string,
    readonly fault: BlobFault,
  ) {
    super(`blob ${blobId} ${FAULT[fault]}`);
    this.name = "BlobUnreadable";
  }
}

/**
 * A message named a blob that is not there whole when it was to be stored (its pending expiry ran out, or it was
 * deleted): nothing was accepted, in the same atomic step as the check (AcceptInput.blobs). The store's fault, not the
 * client's (503): the same request again streams the attachment anew.
 */
export class BlobMissing extends GatewayError {
  constructor(readonly blobId: string) {
    super("unavailable", [
      {
        severity: "error",
        code: "attachment-bytes-missing",
        path: "",
        message: `The bytes of a large attachment (blob ${blobId}) were no longer stored whole when the message was to be accepted: nothing was accepted. Send the request again.`,
      },
    ]);
    this.name = "BlobMissing";
  }
}

/**
 * A chunk file could not be written (GATEWAY_BLOB_DIR full, read-only or gone): the request's blob is aborted and
 * nothing is accepted. The store's fault (503), named by the error's code only, never the path or the bytes.
 */
export class BlobFilesUnwritable extends GatewayError {
  constructor(
    readonly blobId: string,
    readonly causeCode: string,
  ) {
    super("unavailable", [
      {
        severity: "error",
        code: "attachment-store-unavailable",
        path: "",
        message: `The bytes of a large attachment could not be stored (${causeCode}): nothing was accepted. Send the request again later.`,
      },
    ]);
    this.name = "BlobFilesUnwritable";
  }
}
