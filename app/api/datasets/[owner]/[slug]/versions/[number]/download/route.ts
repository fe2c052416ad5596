import { Readable } from "node:stream";
import type { TCsvFormat } from "@/lib/datasets/csv";
import { imagesWithoutPrivateHalf, tableWithoutPrivateHalf } from "@/lib/datasets/public-copy";
import { getHalfState, getSplitAssignments } from "@/lib/datasets/queries";
import { AppError } from "@/lib/errors";
import { canSeePrivateHalf } from "@/lib/permissions/hidden-half";
import { getBlobStore } from "@/lib/storage";
import { route } from "@/app/_server/route-handler";
import { resolveVersion, ZVersionParams } from "@/app/api/datasets/version-access";

export const dynamic = "force-dynamic";

/**
 * The version's data, streamed. The original upload goes to those who may see the private test half (the dataset
 * owner, or everyone once it is revealed); everyone else gets the rows without the private half while it is hidden
 * (lib/permissions/hidden-half.ts). Private datasets only to their owner (404 otherwise).
 */
export const GET = route({ auth: "optional", params: ZVersionParams }, async ({ actor, params }) => {
  const { dataset, version } = await resolveVersion(params, actor);
  const half = await getHalfState(version.id);
  const ext = version.originalName.match(/\.[a-z0-9]+$/i)?.[0] ?? "";
  const type = ext === ".zip" ? "application/zip" : "text/csv; charset=utf-8";
  if (canSeePrivateHalf(actor, half)) {
    return new Response(Readable.toWeb(getBlobStore().read(version.sha256)) as ReadableStream, {
      headers: {
        "content-type": type,
        "content-length": String(version.sizeBytes),
        "content-disposition": `attachment; filename="${dataset.slug}-v${version.number}${ext}"`,
        "x-content-sha256": version.sha256,
        // Never in shared caches: an owner can take a reveal back, and a cached original would outlive it.
        "cache-control": "private, max-age=3600",
      },
    });
  }
  // A large image zip the worker is still decoding has no packed images yet to copy without the private half.
  if (!version.dataKey && (version.format as { kind?: string }).kind === "images")
    throw new AppError("CONFLICT", { version: "version.decoding" });
  const assignments = await getSplitAssignments(version.id);
  const body = version.dataKey
    ? imagesWithoutPrivateHalf(await getBlobStore().localPath(version.dataKey), assignments)
    : tableWithoutPrivateHalf(
        await getBlobStore().localPath(version.sha256),
        version.format as TCsvFormat,
        assignments,
      );
  return new Response(Readable.toWeb(Readable.from(body)) as ReadableStream, {
    headers: {
      "content-type": version.dataKey ? "application/zip" : type,
      "content-disposition": `attachment; filename="${dataset.slug}-v${version.number}-without-private-test${version.dataKey ? ".zip" : ext}"`,
      "x-trainyard-private-half": "withheld",
      "cache-control": "private, no-store",
    },
  });
});
