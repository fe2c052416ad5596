import { z } from "zod";
import { getThread } from "@/lib/discussions/queries";
import { AppError } from "@/lib/errors";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** One thread with its posts as the caller may see them; 404 when its thing is hidden from them. */
export const GET = route({ auth: "optional", params: z.object({ id: z.string() }) }, async ({ actor, params }) => {
  const thread = await getThread(params.id, actor);
  if (!thread) throw new AppError("NOT_FOUND");
  return thread;
});
