import { versionJobQueue, ZVersionJobPayload, type TVersionJobPayload } from "./version-job";

/** Decodes, resizes and packs the images of a zip too large to decode during its upload (lib/datasets/decode-job.ts). */
export const DECODE_QUEUE = "dataset-decode";
export const ZDecodePayload = ZVersionJobPayload;
export type TDecodePayload = TVersionJobPayload;

const decode = versionJobQueue(DECODE_QUEUE, "decode");
export const getDecodeQueue = decode.get;
export const enqueueDecode = decode.enqueue;
export const closeDecodeQueue = decode.close;
