import { imagePng } from "@/lib/datasets/images";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { getBlobStore } from "@/lib/storage";
import { resolveVersion } from "../../../../../../version-access";

export const dynamic = "force-dynamic";

/** One image of an image dataset as a PNG thumbnail (the preview grid). */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ owner: string; slug: string; number: string; index: string }> },
) {
  try {
    const { index } = await params;
    const { dataset, version } = await resolveVersion(params);
    const i = Number(index);
    if (!version.dataKey || !Number.isInteger(i) || i < 0 || i >= version.rowCount) throw new AppError("NOT_FOUND");
    const { png } = await imagePng(await getBlobStore().localPath(version.dataKey), i, 3);
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        "cache-control": dataset.visibility === "PUBLIC" ? "public, max-age=31536000, immutable" : "private, max-age=3600",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
