import { z } from "zod";
import { createConfig } from "@/lib/configs/mutations";
import type { TConfigMetaInput } from "@/lib/configs/schemas";
import { objectOrEmpty, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** Any JSON object; anything else reads as an empty one, so the answer names the missing fields (title…). */
const ZCreateConfigBody = z.preprocess(objectOrEmpty, z.looseObject({ spec: z.unknown().optional() }));

/**
 * Creates a config: { title, description?, visibility?, designedForVersionId?, message?, spec }.
 * 201 with its URL; 401 signed out; 422 with `issues` (exact paths) or field errors.
 */
export const POST = route(
  { auth: "user", write: true, body: ZCreateConfigBody, status: 201 },
  async ({ actor, body }) => {
    const { spec, ...meta } = body;
    // createConfig validates the metadata with its own schema (ZConfigMeta) and answers its field errors.
    const { config, revision, ownerHandle } = await createConfig({ actor, meta: meta as TConfigMetaInput, spec });
    return {
      config: { id: config.id, url: `/configs/${ownerHandle}/${config.slug}` },
      revision: { number: revision.number, specHash: revision.specHash },
    };
  },
);
