import { UnrecoverableError, type Job } from "bullmq";
import { DatasetInputError } from "../../lib/datasets/errors";
import { runDecodeJob } from "../../lib/datasets/decode-job";
import { ZDecodePayload, type TDecodePayload } from "../../lib/queue/decode";

export async function processDecode(job: Job<TDecodePayload>) {
  const { versionId } = ZDecodePayload.parse(job.data);
  try {
    return await runDecodeJob({ versionId, onProgress: (p) => job.updateProgress(p) });
  } catch (error) {
    // A broken image will not decode on retry; infrastructure errors retry with backoff.
    if (error instanceof DatasetInputError) throw new UnrecoverableError(error.key);
    throw error;
  }
}
