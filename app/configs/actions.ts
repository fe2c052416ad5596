"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { isSpecInvalid } from "@/lib/configs/errors";
import { getLocale } from "next-intl/server";
import { createConfig, forkConfig, reviseConfig } from "@/lib/configs/mutations";
import { isLocale } from "@/lib/i18n/locales";
import { actionFailure, type TActionResult } from "@/app/_server/action-result";
import { requireWriter } from "@/app/_server/writer";

/** Saving redirects to the config; only a failure comes back (the spec's issues, or field errors). */
export type TSaveResult = TActionResult<never>;

function failure(error: unknown): TSaveResult {
  // The editor lists a spec's issues itself: no field error beside them.
  if (isSpecInvalid(error)) return actionFailure({ code: error.code, key: error.key, issues: error.issues });
  if (isAppError(error) && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) return actionFailure(error);
  throw error;
}

export async function createConfigAction(input: {
  title: string;
  description: string;
  visibility: string;
  designedForVersionId: string | null;
  message: string;
  spec: string;
}): Promise<TSaveResult> {
  const actor = await requireWriter();
  let url: string;
  try {
    const { config, ownerHandle } = await createConfig({
      actor,
      meta: {
        title: input.title,
        description: input.description,
        visibility: input.visibility as "PUBLIC",
        designedForVersionId: input.designedForVersionId ?? undefined,
        message: input.message,
      },
      spec: input.spec,
    });
    url = `/configs/${ownerHandle}/${config.slug}`;
  } catch (error) {
    return failure(error);
  }
  redirect(url);
}

export async function reviseConfigAction(input: {
  configId: string;
  path: string;
  message: string;
  spec: string;
}): Promise<TSaveResult> {
  const actor = await requireWriter();
  try {
    await reviseConfig({ actor, configId: input.configId, spec: input.spec, message: input.message });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(input.path);
  redirect(input.path);
}

export async function forkConfigAction(configId: string, revisionNumber: number) {
  const actor = await requireWriter();
  const locale = await getLocale();
  const { config, ownerHandle } = await forkConfig({
    actor,
    configId,
    revisionNumber,
    locale: isLocale(locale) ? locale : undefined,
  });
  redirect(`/configs/${ownerHandle}/${config.slug}`);
}
