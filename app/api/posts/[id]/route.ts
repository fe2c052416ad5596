import { z } from "zod";
import { visiblePost } from "@/lib/discussions/access";
import { deletePost, editPost } from "@/lib/discussions/mutations";
import { objectOrEmpty, parseBody, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const ZEditBody = z.preprocess(objectOrEmpty, z.looseObject({}));
const params = z.object({ id: z.string() });

/** The author edits a post: { body, title? } (title: opening posts). 404 hidden, 403 not the author, 422 invalid. */
export const PATCH = route({ auth: "user", write: true, params }, async ({ actor, params, request }) => {
  const post = await visiblePost(params.id, actor);
  return editPost({ actor, postId: post.id, input: await parseBody(request, ZEditBody) });
});

/** The author deletes a post (soft: replies stay readable). 404 hidden, 403 not the author. */
export const DELETE = route({ auth: "user", write: true, params }, ({ actor, params }) =>
  deletePost({ actor, postId: params.id }),
);
