import { forkConfig } from "@/lib/configs/mutations";
import { getConfig } from "@/lib/configs/queries";
import { AppError } from "@/lib/errors";
import { errorResponse, readJson } from "@/lib/http";
import { requireWriter } from "../../../../../_server/writer";

export const dynamic = "force-dynamic";

/** Forks a config: { revision?, title? } (default: the head revision). A private config you cannot see is 404. */
export async function POST(request: Request, { params }: { params: Promise<{ owner: string; slug: string }> }) {
  try {
    const actor = await requireWriter();
    const { owner, slug } = await params;
    const source = await getConfig(owner, slug, actor);
    if (!source) throw new AppError("NOT_FOUND");
    const body = (request.headers.get("content-length") === "0" ? {} : ((await readJson(request)) ?? {})) as { revision?: number; title?: string };
    const { config, ownerHandle, revision } = await forkConfig({ actor, configId: source.id, revisionNumber: body.revision, title: body.title });
    return Response.json({ config: { id: config.id, url: `/configs/${ownerHandle}/${config.slug}` }, revision: { number: revision.number } }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
