import { addDatasetVersion } from "@/lib/datasets/mutations";
import { getDataset } from "@/lib/datasets/queries";
import { readMultipartUpload } from "@/lib/datasets/upload";
import { loadEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { requireWriter } from "../../../../../_server/writer";

export const dynamic = "force-dynamic";

/** Uploads a new version (owner only): multipart `file` + optional `message`. */
export async function POST(request: Request, { params }: { params: Promise<{ owner: string; slug: string }> }) {
  try {
    const actor = await requireWriter("upload");
    const { owner, slug } = await params;
    const dataset = await getDataset(owner, slug, actor);
    if (!dataset) throw new AppError("NOT_FOUND");
    if (dataset.ownerId !== actor.id) throw new AppError("FORBIDDEN");
    const { fields, file } = await readMultipartUpload(request, { maxBytes: loadEnv().DATASET_MAX_BYTES });
    if (!file) throw new AppError("INVALID_INPUT", { file: "file.required" });
    const { version } = await addDatasetVersion({ actor, datasetId: dataset.id, message: fields.message, upload: file });
    return Response.json({ version: { number: version.number, url: `/datasets/${owner}/${slug}?tab=versions` } }, { status: 201 });
  } catch (error) {
    // Too large: 413 { code: "PAYLOAD_TOO_LARGE", fields: { file }, maxBytes } (lib/http.ts).
    return errorResponse(error);
  }
}
