import { z } from "zod";
import { openRunStream } from "@/lib/runs/live-stream";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for one run: what the client lacks (a snapshot, or the epochs after its Last-Event-ID), then
 * each epoch and status change as the worker publishes it, until the run ends. lib/runs/live-stream.ts has the rules.
 * The stream is its own Response; a cap on open streams is a 429 with Retry-After (through the wrapper).
 */
export const GET = route({ auth: "optional", params: z.object({ id: z.string() }) }, ({ actor, params, request }) =>
  openRunStream({ runId: params.id, viewer: actor, headers: request.headers, signal: request.signal }),
);
