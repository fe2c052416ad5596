import { errorResponse } from "@/lib/http";
import { resolveVersion } from "../../../../../version-access";

export const dynamic = "force-dynamic";

/** Profile job state for the page's progress bar: { status, progress, error }. */
export async function GET(_request: Request, { params }: { params: Promise<{ owner: string; slug: string; number: string }> }) {
  try {
    const { version } = await resolveVersion(params);
    return Response.json(
      { status: version.profileStatus, progress: version.profileProgress, error: version.profileError },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
