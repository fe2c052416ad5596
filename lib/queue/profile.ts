import { versionJobQueue, ZVersionJobPayload, type TVersionJobPayload } from "./version-job";

/** Computes the full profile of a dataset version that was too large to profile during upload. */
export const PROFILE_QUEUE = "dataset-profile";
export const ZProfilePayload = ZVersionJobPayload;
export type TProfilePayload = TVersionJobPayload;

const profile = versionJobQueue(PROFILE_QUEUE, "profile");
export const enqueueProfile = profile.enqueue;
export const closeProfileQueue = profile.close;
