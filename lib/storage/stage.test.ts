import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import busboy from "busboy";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalBlobStore } from "./index";

const root = mkdtempSync(path.join(os.tmpdir(), "ty-stage-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A file stream from a multipart form, destroyed (as a failed form's reader does) before it is staged. */
async function destroyedFileStream(): Promise<Readable> {
  const b = "xx";
  const parser = busboy({ headers: { "content-type": `multipart/form-data; boundary=${b}` } });
  parser.on("error", () => {});
  const file = new Promise<Readable>((resolve) =>
    parser.on("file", (_name, stream) => {
      stream.on("error", () => {});
      stream.destroy();
      resolve(stream);
    }),
  );
  Readable.from([
    Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc\r\n--${b}--\r\n`),
  ]).pipe(parser);
  return file;
}

describe("staging", () => {
  // Found by lib/datasets/fuzz.test.ts (multipart bodies): the pipeline never settled for such a stream, so the
  // request hung with an open .part file.
  it("refuses a source that was destroyed before it was read, instead of hanging with a staging file", async () => {
    const store = createLocalBlobStore(root);
    const source = await destroyedFileStream();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      store.stage(source, { maxBytes: 1024 }).then(
        () => "staged",
        () => "refused",
      ),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve("hung"), 3_000))),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe("refused");
    expect(readdirSync(path.join(root, "tmp"))).toEqual([]);
  });
});
