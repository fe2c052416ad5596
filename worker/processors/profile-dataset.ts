import { UnrecoverableError, type Job } from "bullmq";
import { DatasetInputError } from "../../lib/datasets/errors";
import { runProfileJob } from "../../lib/datasets/profile-job";
import { ZProfilePayload, type TProfilePayload } from "../../lib/queue/profile";

export async function processProfile(job: Job<TProfilePayload>) {
  const { versionId } = ZProfilePayload.parse(job.data);
  try {
    return await runProfileJob({ versionId, onProgress: (p) => job.updateProgress(p) });
  } catch (error) {
    // Bad data will not get better on retry; infrastructure errors retry with backoff.
    if (error instanceof DatasetInputError) throw new UnrecoverableError(error.key);
    throw error;
  }
}
