import { z } from "zod";
import { visibleThread } from "@/lib/discussions/access";
import { answer, reply } from "@/lib/discussions/mutations";
import { objectOrEmpty, parseBody, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const ZPostBody = z.preprocess(objectOrEmpty, z.looseObject({ kind: z.unknown().optional() }));

/**
 * Posts into a thread: a reply { body, parentId? } or, with kind "ANSWER", an answer to a question { body,
 * configRevisionId?, runId? }. 404 when the thread is hidden (whatever the body says), 409 when it is locked or
 * deleted, 422 with field errors, 429 past the posting limit.
 */
export const POST = route(
  { auth: "user", write: true, params: z.object({ id: z.string() }), status: 201 },
  async ({ actor, params, request }) => {
    const thread = await visibleThread(params.id, actor);
    const { kind, ...input } = await parseBody(request, ZPostBody);
    const post =
      kind === "ANSWER"
        ? await answer({ actor, threadId: thread.id, input })
        : await reply({ actor, threadId: thread.id, input });
    return { post };
  },
);
