import { z } from "zod";
import { suggestHandles } from "@/lib/users/queries";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** ?prefix=ad → { users: [{ handle, name }] }: up to 8 handles starting with it, for @mention completion. */
export const GET = route(
  { auth: "optional", query: z.object({ prefix: z.string().max(30).default("") }) },
  async ({ query }) => ({ users: await suggestHandles(query.prefix) }),
);
