import { z } from "zod";
import { visibleThread } from "@/lib/discussions/access";
import { acceptAnswer, unacceptAnswer } from "@/lib/discussions/answers";
import { objectOrEmpty, parseBody, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const ZAcceptBody = z.preprocess(objectOrEmpty, z.looseObject({ postId: z.unknown().optional() }));
const params = z.object({ id: z.string() });

/** The asker accepts an answer: { postId }. 404 hidden thread, 403 not the asker, 422 not an answer of it. */
export const POST = route({ auth: "user", write: true, params }, async ({ actor, params, request }) => {
  const thread = await visibleThread(params.id, actor);
  return acceptAnswer({ actor, threadId: thread.id, input: await parseBody(request, ZAcceptBody) });
});

/** The asker takes the acceptance back: { postId? } (only that one, when given; a request without a JSON body: any). */
export const DELETE = route({ auth: "user", write: true, params }, async ({ actor, params, request }) => {
  const thread = await visibleThread(params.id, actor);
  const json = request.headers.get("content-type")?.includes("json") && request.headers.get("content-length") !== "0";
  return unacceptAnswer({ actor, threadId: thread.id, input: json ? await parseBody(request, ZAcceptBody) : {} });
});
