import { z } from "zod";
import { listThreads } from "@/lib/discussions/list";
import { createThread } from "@/lib/discussions/mutations";
import { ZThreadListQuery } from "@/lib/discussions/schemas";
import { objectOrEmpty, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/**
 * Lists and searches threads the caller may list: ?q, kind, unanswered, mine, tag, dataset (about it in any way),
 * run / config / onDataset / competition (attached to exactly it), sort=active|new|top, page.
 */
export const GET = route({ auth: "optional", query: ZThreadListQuery }, ({ actor, query }) =>
  listThreads(query, actor),
);

/** Any JSON object; anything else reads as an empty one, so the answer names the missing fields (title, body). */
const ZCreateThreadBody = z.preprocess(objectOrEmpty, z.looseObject({}));

/**
 * Starts a thread: { kind?: "DISCUSSION" | "QUESTION", title, body, tags?, runId? | configId? | datasetVersionId? |
 * competitionId? }. 201 with its id and URL; 404 when the thing it is about is hidden from the caller; 422 with
 * field errors; 429 past the posting limit.
 */
export const POST = route(
  { auth: "user", write: true, body: ZCreateThreadBody, status: 201 },
  async ({ actor, body }) => {
    const thread = await createThread({ actor, input: body });
    return { thread: { id: thread.id, url: `/discussions/${thread.id}`, openingPostId: thread.openingPostId } };
  },
);
