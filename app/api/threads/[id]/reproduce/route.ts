import { z } from "zod";
import { visibleThread } from "@/lib/discussions/access";
import { reproduceRun } from "@/lib/discussions/reproduce";
import { objectOrEmpty, parseBody, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const ZReproduceBody = z.preprocess(objectOrEmpty, z.object({ runId: z.string().max(100).optional() }));

/**
 * Queues a run of the thread again with a new seed, as the caller's own run: { runId? } (default: the thread's run;
 * else a run one of its answers links). 201 { reproduction: { runId, seed, originalRunId, … } }; 404 hidden thread or
 * run (whatever the body says), 409 locked/deleted thread or unfinished run, 422 a run not of this thread, 429 past
 * the run-submission rate or the queued-run limit. The outcome is posted into the thread when the run finishes.
 */
export const POST = route(
  { auth: "user", write: ["runSubmit"], params: z.object({ id: z.string() }), status: 201 },
  async ({ actor, params, request }) => {
    const thread = await visibleThread(params.id, actor);
    const json = request.headers.get("content-length") !== "0" && request.body !== null;
    const { runId } = json ? await parseBody(request, ZReproduceBody) : { runId: undefined };
    return { reproduction: await reproduceRun({ actor, threadId: thread.id, runId }) };
  },
);
