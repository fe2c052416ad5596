import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { getRun } from "@/lib/runs/queries";
import { getBlobStore } from "@/lib/storage";
import { currentUser } from "../../../../../_server/auth";

export const dynamic = "force-dynamic";

const FILES = { "model.json": "modelJson", "weights.bin": "weights", "preprocessing.json": "preprocessing" } as const;

/** The trained model for tf.loadLayersModel(".../model.json"), which fetches weights.bin beside it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; name: string }> }) {
  try {
    const { id, name } = await params;
    const field = FILES[name as keyof typeof FILES];
    const run = field ? await getRun(id, await currentUser()) : null;
    const key = (run?.artifacts as Record<string, string> | null)?.[field ?? ""];
    if (!key) throw new AppError("NOT_FOUND");
    return new Response(Readable.toWeb(getBlobStore().read(key)) as ReadableStream, {
      headers: { "content-type": name.endsWith(".bin") ? "application/octet-stream" : "application/json", "access-control-allow-origin": "*", "cache-control": "private, max-age=3600" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
