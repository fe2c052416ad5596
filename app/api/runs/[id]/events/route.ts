import { errorResponse } from "@/lib/http";
import { openRunStream } from "@/lib/runs/live-stream";
import { currentUser } from "../../../../_server/auth";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for one run: what the client lacks (a snapshot, or the epochs after its Last-Event-ID), then
 * each epoch and status change as the worker publishes it, until the run ends. lib/runs/live-stream.ts has the rules.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    return await openRunStream({ runId: (await params).id, viewer: await currentUser(), headers: request.headers, signal: request.signal });
  } catch (error) {
    return errorResponse(error); // a cap: 429 with Retry-After
  }
}
