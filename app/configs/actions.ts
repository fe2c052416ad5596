"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAppError } from "@/lib/errors";
import { createConfig, forkConfig, reviseConfig, SpecInvalidError } from "@/lib/configs/mutations";
import type { TSpecIssue } from "@/lib/configs/shapes";
import { requireWriter } from "../_server/writer";

export type TSaveResult = { issues: TSpecIssue[]; fieldErrors: Record<string, string> };

function failure(error: unknown): TSaveResult {
  if (error instanceof SpecInvalidError) return { issues: error.issues, fieldErrors: {} };
  if (isAppError(error) && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) return { issues: [], fieldErrors: error.fieldErrors };
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
      meta: { title: input.title, description: input.description, visibility: input.visibility as "PUBLIC", designedForVersionId: input.designedForVersionId ?? undefined, message: input.message },
      spec: input.spec,
    });
    url = `/configs/${ownerHandle}/${config.slug}`;
  } catch (error) {
    return failure(error);
  }
  redirect(url);
}

export async function reviseConfigAction(input: { configId: string; path: string; message: string; spec: string }): Promise<TSaveResult> {
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
  const { config, ownerHandle } = await forkConfig({ actor, configId, revisionNumber });
  redirect(`/configs/${ownerHandle}/${config.slug}`);
}
