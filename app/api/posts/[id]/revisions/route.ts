import { z } from "zod";
import { listRevisions } from "@/lib/discussions/queries";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** A post's edit history, newest first; 404 when its thread is hidden or the post was deleted. */
export const GET = route({ auth: "optional", params: z.object({ id: z.string() }) }, async ({ actor, params }) => ({
  revisions: await listRevisions(params.id, actor),
}));
