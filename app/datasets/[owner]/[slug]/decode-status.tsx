import { getTranslations } from "next-intl/server";
import { FormAlert } from "@/app/_components/ui/field";
import { ProfileProgress } from "./profile-progress";
import type { TVersionView } from "./tabs/types";

/** An image version the worker has not decoded yet (lib/datasets/decode-job.ts). */
export const awaitsDecode = (version: Pick<TVersionView, "format" | "dataKey">) =>
  (version.format as { kind?: string }).kind === "images" && !version.dataKey;

/** The decode job's progress bar, or its failure with the reason (e.g. the image that would not decode). */
export async function DecodeStatus({ url, version }: { url: string; version: TVersionView }) {
  const [t, te] = await Promise.all([getTranslations("dataset"), getTranslations("datasetErrors")]);
  if (version.profileStatus === "FAILED") {
    const values = (version.profileErrorValues ?? {}) as Record<string, string>;
    return (
      <FormAlert>
        {t("decodeFailed", { message: te((version.profileError ?? "decode.failed") as "decode.failed", values) })}
      </FormAlert>
    );
  }
  return (
    <ProfileProgress
      job="decode"
      url={url}
      initial={{ status: version.profileStatus, progress: version.profileProgress, error: version.profileError }}
    />
  );
}
