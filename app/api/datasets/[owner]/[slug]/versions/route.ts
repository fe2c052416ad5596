import { z } from "zod";
import { addDatasetVersion } from "@/lib/datasets/mutations";
import { getDataset } from "@/lib/datasets/queries";
import { readMultipartUpload } from "@/lib/datasets/upload";
import { loadEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** Uploads a new version (owner only): multipart `file` + optional `message` and `columnTypes` (JSON). Too large: 413 as for a new dataset. */
export const POST = route(
  { auth: "user", write: ["upload"], params: z.object({ owner: z.string(), slug: z.string() }), status: 201 },
  async ({ actor, params: { owner, slug }, request }) => {
    const dataset = await getDataset(owner, slug, actor);
    if (!dataset) throw new AppError("NOT_FOUND");
    if (dataset.ownerId !== actor.id) throw new AppError("FORBIDDEN");
    const { fields, file } = await readMultipartUpload(request, { maxBytes: loadEnv().DATASET_MAX_BYTES });
    if (!file) throw new AppError("INVALID_INPUT", { file: "file.required" });
    const { version } = await addDatasetVersion({
      actor,
      datasetId: dataset.id,
      message: fields.message,
      columnTypes: fields.columnTypes,
      upload: file,
    });
    return { version: { number: version.number, url: `/datasets/${owner}/${slug}?tab=versions` } };
  },
);
