import { getDataset, getVersion } from "@/lib/datasets/queries";
import { AppError } from "@/lib/errors";
import { currentUser } from "../../_server/auth";

/** Resolves /api/datasets/<owner>/<slug>/versions/<n> for the current viewer, or throws NOT_FOUND. */
export async function resolveVersion(params: Promise<{ owner: string; slug: string; number: string }>) {
  const { owner, slug, number } = await params;
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1) throw new AppError("NOT_FOUND");
  const dataset = await getDataset(owner, slug, await currentUser());
  if (!dataset) throw new AppError("NOT_FOUND");
  const version = await getVersion(dataset.id, n);
  if (!version) throw new AppError("NOT_FOUND");
  return { dataset, version };
}
