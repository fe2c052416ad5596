import { z } from "zod";
import { unvote, vote } from "@/lib/discussions/votes";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** Up-votes a post (idempotent): { voted, changed, voteCount }. 404 hidden, 403 own post. */
export const POST = route({ auth: "user", write: true, params }, ({ actor, params }) =>
  vote({ actor, postId: params.id }),
);

/** Takes an up-vote back (idempotent). */
export const DELETE = route({ auth: "user", write: true, params }, ({ actor, params }) =>
  unvote({ actor, postId: params.id }),
);
