import { z } from "zod";
import { reviseConfig } from "@/lib/configs/mutations";
import { getConfig } from "@/lib/configs/queries";
import { AppError } from "@/lib/errors";
import { objectOrEmpty, parseBody, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** The body's shape; reviseConfig checks the spec and the message itself (422 with issues or field errors). */
const ZReviseBody = z.preprocess(
  objectOrEmpty,
  z.looseObject({ spec: z.unknown().optional(), message: z.unknown().optional() }),
);

/** Saves a new revision (owner only): { spec, message? }. */
export const POST = route(
  { auth: "user", write: true, params: z.object({ owner: z.string(), slug: z.string() }), status: 201 },
  async ({ actor, params: { owner, slug }, request }) => {
    const config = await getConfig(owner, slug, actor);
    if (!config) throw new AppError("NOT_FOUND");
    const body = await parseBody(request, ZReviseBody);
    const revision = await reviseConfig({
      actor,
      configId: config.id,
      spec: body.spec,
      message: body.message as string | undefined,
    });
    return { revision: { number: revision.number, specHash: revision.specHash } };
  },
);
