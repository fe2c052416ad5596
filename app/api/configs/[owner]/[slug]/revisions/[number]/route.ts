import { z } from "zod";
import { getConfig, getRevision } from "@/lib/configs/queries";
import { AppError } from "@/lib/errors";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** Exports one revision's spec as JSON (add ?download=1 for a file). Private configs: 404 to others. */
export const GET = route(
  {
    auth: "optional",
    params: z.object({ owner: z.string(), slug: z.string(), number: z.string() }),
    query: z.object({ download: z.string().optional() }),
  },
  async ({ actor, params: { owner, slug, number }, query }) => {
    const config = await getConfig(owner, slug, actor);
    const revision = config ? await getRevision(config.id, Number(number)) : null;
    if (!config || !revision) throw new AppError("NOT_FOUND");
    return new Response(`${JSON.stringify(revision.spec, null, 2)}\n`, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...(query.download !== undefined
          ? { "content-disposition": `attachment; filename="${config.slug}-r${revision.number}.json"` }
          : {}),
        "x-spec-sha256": revision.specHash,
      },
    });
  },
);
