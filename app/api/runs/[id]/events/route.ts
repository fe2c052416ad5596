import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { runChannel } from "@/lib/queue/training";
import { createRedis } from "@/lib/redis";
import { getRun } from "@/lib/runs/queries";
import { currentUser } from "../../../../_server/auth";

export const dynamic = "force-dynamic";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELED"]);

/**
 * Server-sent events for one run: a snapshot first (so a reload mid-run shows
 * everything so far), then each epoch and status change as the worker publishes it.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const run = await getRun((await params).id, await currentUser());
    if (!run) throw new AppError("NOT_FOUND");
    const encoder = new TextEncoder();
    const subscriber = createRedis(undefined, { lazyConnect: true });
    subscriber.on("error", () => {});
    let heartbeat: NodeJS.Timeout | undefined;
    const close = () => {
      clearInterval(heartbeat);
      subscriber.disconnect();
    };
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (data: object) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
        send({ type: "snapshot", status: run.status, epochsTotal: run.epochsTotal, epochs: run.epochs, etaSeconds: run.etaSeconds, error: run.error });
        if (TERMINAL.has(run.status)) {
          controller.close();
          return close();
        }
        subscriber.on("message", (_channel, message) => {
          controller.enqueue(encoder.encode(`data: ${message}\n\n`));
          const event = JSON.parse(message) as { type: string; status?: string };
          if (event.type === "status" && event.status && TERMINAL.has(event.status)) {
            controller.close();
            close();
          }
        });
        await subscriber.connect();
        await subscriber.subscribe(runChannel(run.id));
        heartbeat = setInterval(() => controller.enqueue(encoder.encode(": keep-alive\n\n")), 15_000);
        request.signal.addEventListener("abort", close);
      },
      cancel: close,
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" } });
  } catch (error) {
    return errorResponse(error);
  }
}
