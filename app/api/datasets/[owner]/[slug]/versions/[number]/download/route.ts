import { Readable } from "node:stream";
import { errorResponse } from "@/lib/http";
import { getBlobStore } from "@/lib/storage";
import { resolveVersion } from "../../../../../version-access";

export const dynamic = "force-dynamic";

/** The original uploaded file, streamed; private datasets only to their owner (404 otherwise). */
export async function GET(_request: Request, { params }: { params: Promise<{ owner: string; slug: string; number: string }> }) {
  try {
    const { dataset, version } = await resolveVersion(params);
    const stream = Readable.toWeb(getBlobStore().read(version.sha256)) as ReadableStream;
    const ext = version.originalName.match(/\.[a-z0-9]+$/i)?.[0] ?? "";
    const name = `${dataset.slug}-v${version.number}${ext}`;
    return new Response(stream, {
      headers: {
        "content-type": ext === ".zip" ? "application/zip" : "text/csv; charset=utf-8",
        "content-length": String(version.sizeBytes),
        "content-disposition": `attachment; filename="${name}"`,
        "x-content-sha256": version.sha256,
        "cache-control": dataset.visibility === "PUBLIC" ? "public, max-age=31536000, immutable" : "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
