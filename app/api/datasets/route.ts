import { createDataset } from "@/lib/datasets/mutations";
import { readMultipartUpload } from "@/lib/datasets/upload";
import { loadEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/**
 * Creates a dataset from a multipart upload: metadata fields + one `file`.
 * 201 with the dataset's URL; 401 signed out; 413 too large ({ code: "PAYLOAD_TOO_LARGE", fields: { file }, maxBytes });
 * 422 with field errors (metadata) or a data error key and line (the file). Nothing is stored on error.
 */
export const POST = route({ auth: "user", write: ["upload"], status: 201 }, async ({ actor, request }) => {
  const { fields, file } = await readMultipartUpload(request, { maxBytes: loadEnv().DATASET_MAX_BYTES });
  if (!file) throw new AppError("INVALID_INPUT", { file: "file.required" });
  const { dataset, version, ownerHandle } = await createDataset({ actor, meta: fields, upload: file });
  return {
    dataset: { id: dataset.id, slug: dataset.slug, url: `/datasets/${ownerHandle}/${dataset.slug}` },
    version: { number: version.number },
  };
});
