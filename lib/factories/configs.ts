import type { TSessionUser } from "../auth/session";
import { createConfig } from "../configs/mutations";
import type { TConfigMetaInput } from "../configs/schemas";
import { templateSpec, templateTask, type TTemplateId } from "../configs/templates";
import { createUser, uniqueSuffix } from "./users";

/** A config from a template, through the real create path. */
export async function createConfigFrom(
  template: TTemplateId = "mlp",
  meta: Partial<TConfigMetaInput> = {},
  owner?: TSessionUser,
  outputs = 3,
) {
  const actor = owner ?? (await createUser());
  return createConfig({
    actor,
    meta: { title: `Config ${uniqueSuffix()}`, ...meta },
    spec: templateSpec(template, outputs),
    taskType: templateTask(template),
  });
}
