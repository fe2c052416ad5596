import { z } from "zod";
import { updateProfile } from "@/lib/users/mutations";
import { getUserById } from "@/lib/users/queries";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** The signed-in user's own account (401 when signed out). */
export const GET = route({ auth: "user" }, async ({ actor }) => ({ user: await getUserById(actor.id) }));

/** The body's shape; updateProfile checks the values (lengths, trimming) and answers their field errors. */
const ZAccountPatch = z.object({ name: z.string(), bio: z.string() });

/** Updates display name and bio: { name, bio }. */
export const PATCH = route({ auth: "user", write: true, body: ZAccountPatch }, async ({ actor, body }) => ({
  user: await updateProfile({ actor, input: body }),
}));
