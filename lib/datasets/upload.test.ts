import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv } from "../env";
import { readMultipartUpload, UploadTooLargeError } from "./upload";

const staging = async () =>
  (await readdir(path.join(path.resolve(loadEnv().DATA_DIR), "tmp")).catch(() => [])).filter((f) =>
    f.endsWith(".part"),
  );

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: "text/csv" }));
  return new Request("http://localhost/api/datasets", { method: "POST", body: form });
}

describe("multipart upload reading", () => {
  it("streams the file to staging with its sha256 and returns the fields", async () => {
    const { fields, file } = await readMultipartUpload(
      multipart({ title: "T", tags: "a, b" }, { name: "d.csv", bytes: Buffer.from("a,b\n1,2\n") }),
      { maxBytes: 1024 },
    );
    expect(fields).toEqual({ title: "T", tags: "a, b" });
    expect(file?.fileName).toBe("d.csv");
    expect(file?.staged.sha256).toBe(createHash("sha256").update("a,b\n1,2\n").digest("hex"));
    expect(file?.staged.sizeBytes).toBe(8);
    await file?.staged.discard();
    expect(await staging()).toEqual([]);
  });

  it("stops an oversized upload with 'too large' and leaves nothing behind", async () => {
    const request = multipart({ title: "T" }, { name: "big.csv", bytes: Buffer.alloc(64 * 1024, 97) });
    await expect(readMultipartUpload(request, { maxBytes: 4 * 1024 })).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(await staging()).toEqual([]);
  });

  it("rejects a request that is not multipart", async () => {
    const request = new Request("http://localhost/api/datasets", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    await expect(readMultipartUpload(request, { maxBytes: 1024 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { file: "file.required" },
    });
  });
});
