import { getConfig, getRevision } from "@/lib/configs/queries";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { currentUser } from "../../../../../../_server/auth";

export const dynamic = "force-dynamic";

/** Exports one revision's spec as JSON (add ?download=1 for a file). Private configs: 404 to others. */
export async function GET(request: Request, { params }: { params: Promise<{ owner: string; slug: string; number: string }> }) {
  try {
    const { owner, slug, number } = await params;
    const config = await getConfig(owner, slug, await currentUser());
    const revision = config ? await getRevision(config.id, Number(number)) : null;
    if (!config || !revision) throw new AppError("NOT_FOUND");
    const download = new URL(request.url).searchParams.has("download");
    return new Response(`${JSON.stringify(revision.spec, null, 2)}\n`, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...(download ? { "content-disposition": `attachment; filename="${config.slug}-r${revision.number}.json"` } : {}),
        "x-spec-sha256": revision.specHash,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
