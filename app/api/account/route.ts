import { errorResponse, readJson } from "@/lib/http";
import { updateProfile } from "@/lib/users/mutations";
import { getUserById } from "@/lib/users/queries";
import { requireUser } from "../../_server/auth";
import { requireWriter } from "../../_server/writer";

export const dynamic = "force-dynamic";

/** The signed-in user's own account (401 when signed out). */
export async function GET() {
  try {
    const actor = await requireUser();
    return Response.json({ user: await getUserById(actor.id) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Updates display name and bio: { name, bio }. */
export async function PATCH(request: Request) {
  try {
    const actor = await requireWriter();
    const user = await updateProfile({ actor, input: (await readJson(request)) as never });
    return Response.json({ user });
  } catch (error) {
    return errorResponse(error);
  }
}
