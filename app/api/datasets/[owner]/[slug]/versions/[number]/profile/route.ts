import { route } from "@/app/_server/route-handler";
import { resolveVersion, ZVersionParams } from "@/app/api/datasets/version-access";

export const dynamic = "force-dynamic";

/** Profile job state for the page's progress bar: { status, progress, error }. */
export const GET = route(
  { auth: "optional", params: ZVersionParams, headers: { "cache-control": "no-store" } },
  async ({ actor, params }) => {
    const { version } = await resolveVersion(params, actor);
    return { status: version.profileStatus, progress: version.profileProgress, error: version.profileError };
  },
);
