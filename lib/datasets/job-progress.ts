import type { TPrisma } from "../db";

/**
 * Progress of a version's background job (profile or image decode), written to
 * the row the dataset page polls: at most every 500 ms and only when the
 * percentage moved, and only while RUNNING, so a late write never overwrites
 * the final 100. `settled()` waits for the last write before the job finishes.
 */
export function versionProgress(
  versionId: string,
  onProgress: ((percent: number) => Promise<void> | void) | undefined,
  db: TPrisma,
) {
  let lastPercent = -1;
  let lastWrite = 0;
  let write: Promise<unknown> = Promise.resolve();
  return {
    report(percent: number) {
      const now = Date.now();
      if (percent === lastPercent || now - lastWrite <= 500) return;
      lastPercent = percent;
      lastWrite = now;
      write = db.datasetVersion
        .updateMany({ where: { id: versionId, profileStatus: "RUNNING" }, data: { profileProgress: percent } })
        .catch(() => {});
      void onProgress?.(percent);
    },
    settled: () => write,
  };
}
