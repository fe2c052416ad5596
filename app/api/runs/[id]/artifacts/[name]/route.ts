import { Readable } from "node:stream";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getRun } from "@/lib/runs/queries";
import { getBlobStore } from "@/lib/storage";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

const FILES = { "model.json": "modelJson", "weights.bin": "weights", "preprocessing.json": "preprocessing" } as const;

/** The trained model for tf.loadLayersModel(".../model.json"), which fetches weights.bin beside it. */
export const GET = route(
  { auth: "optional", params: z.object({ id: z.string(), name: z.string() }) },
  async ({ actor, params: { id, name } }) => {
    const field = FILES[name as keyof typeof FILES];
    const run = field ? await getRun(id, actor) : null;
    const key = (run?.artifacts as Record<string, string> | null)?.[field ?? ""];
    if (!key) throw new AppError("NOT_FOUND");
    return new Response(Readable.toWeb(getBlobStore().read(key)) as ReadableStream, {
      headers: {
        "content-type": name.endsWith(".bin") ? "application/octet-stream" : "application/json",
        "access-control-allow-origin": "*",
        "cache-control": "private, max-age=3600",
      },
    });
  },
);
