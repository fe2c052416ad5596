import { reviseConfig } from "@/lib/configs/mutations";
import { getConfig } from "@/lib/configs/queries";
import { AppError } from "@/lib/errors";
import { errorResponse, readJson } from "@/lib/http";
import { requireWriter } from "../../../../../_server/writer";

export const dynamic = "force-dynamic";

/** Saves a new revision (owner only): { spec, message? }. */
export async function POST(request: Request, { params }: { params: Promise<{ owner: string; slug: string }> }) {
  try {
    const actor = await requireWriter();
    const { owner, slug } = await params;
    const config = await getConfig(owner, slug, actor);
    if (!config) throw new AppError("NOT_FOUND");
    const body = (await readJson(request)) as { spec?: unknown; message?: string } | null;
    const revision = await reviseConfig({ actor, configId: config.id, spec: body?.spec, message: body?.message });
    return Response.json({ revision: { number: revision.number, specHash: revision.specHash } }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
