import { z } from "zod";
import { datasetShapeInfo } from "@/lib/configs/dataset-info";
import { AppError } from "@/lib/errors";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** What the config editor needs to infer shapes for a dataset version: ?version=<id> (404 when not visible). */
export const GET = route(
  {
    auth: "optional",
    query: z.object({ version: z.string().optional() }),
    headers: { "cache-control": "private, max-age=60" },
  },
  async ({ actor, query }) => {
    if (!query.version) throw new AppError("NOT_FOUND");
    const info = await datasetShapeInfo(query.version, actor);
    if (!info) throw new AppError("NOT_FOUND");
    return info;
  },
);
