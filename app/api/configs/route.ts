import { createConfig } from "@/lib/configs/mutations";
import { errorResponse, readJson } from "@/lib/http";
import { requireWriter } from "../../_server/writer";

export const dynamic = "force-dynamic";

/**
 * Creates a config: { title, description?, visibility?, designedForVersionId?, message?, spec }.
 * 201 with its URL; 401 signed out; 422 with `issues` (exact paths) or field errors.
 */
export async function POST(request: Request) {
  try {
    const actor = await requireWriter();
    const body = (await readJson(request)) as Record<string, unknown> | null;
    const { spec, ...meta } = body && typeof body === "object" ? body : {};
    const { config, revision, ownerHandle } = await createConfig({ actor, meta: meta as never, spec });
    return Response.json({ config: { id: config.id, url: `/configs/${ownerHandle}/${config.slug}` }, revision: { number: revision.number, specHash: revision.specHash } }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
