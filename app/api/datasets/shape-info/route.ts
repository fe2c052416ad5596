import { datasetShapeInfo } from "@/lib/configs/dataset-info";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { currentUser } from "../../../_server/auth";

export const dynamic = "force-dynamic";

/** What the config editor needs to infer shapes for a dataset version (404 when not visible). */
export async function GET(request: Request) {
  try {
    const version = new URL(request.url).searchParams.get("version");
    if (!version) throw new AppError("NOT_FOUND");
    const info = await datasetShapeInfo(version, await currentUser());
    if (!info) throw new AppError("NOT_FOUND");
    return Response.json(info, { headers: { "cache-control": "private, max-age=60" } });
  } catch (error) {
    return errorResponse(error);
  }
}
