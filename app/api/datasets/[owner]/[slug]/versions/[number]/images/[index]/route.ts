import { z } from "zod";
import { imagePng } from "@/lib/datasets/images";
import { getHalfState, getSplitAssignments } from "@/lib/datasets/queries";
import { SPLIT } from "@/lib/datasets/split";
import { AppError } from "@/lib/errors";
import { canSeePrivateHalf } from "@/lib/permissions/hidden-half";
import { getBlobStore } from "@/lib/storage";
import { route } from "@/app/_server/route-handler";
import { resolveVersion, ZVersionParams } from "@/app/api/datasets/version-access";
import { cacheableForEveryone } from "@/lib/permissions/visibility";

export const dynamic = "force-dynamic";

/**
 * One image of an image dataset as a PNG thumbnail (the preview grid). Images of the private test half are "not
 * found" to anyone who may not see that half while it is hidden (lib/permissions/hidden-half.ts).
 */
export const GET = route(
  { auth: "optional", params: ZVersionParams.extend({ index: z.string() }) },
  async ({ actor, params }) => {
    const { dataset, version } = await resolveVersion(params, actor);
    const i = Number(params.index);
    if (!version.dataKey || !Number.isInteger(i) || i < 0 || i >= version.rowCount) throw new AppError("NOT_FOUND");
    const isPrivate = (await getSplitAssignments(version.id))[i] === SPLIT.TEST_PRIVATE;
    if (isPrivate && !canSeePrivateHalf(actor, await getHalfState(version.id))) throw new AppError("NOT_FOUND");
    const { png } = await imagePng(await getBlobStore().localPath(version.dataKey), i, 3);
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        // A private-half image may be hidden again (the owner can take a reveal back): never in shared caches.
        "cache-control":
          cacheableForEveryone(dataset) && !isPrivate ? "public, max-age=31536000, immutable" : "private, max-age=3600",
      },
    });
  },
);
