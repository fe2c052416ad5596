import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";
import { errorResponse, readJson } from "./http";
import { PayloadTooLargeError, readBodyBytes } from "./http-body";

const MB = 1024 * 1024;

/**
 * A request whose body is produced on demand in 64 KB chunks, counting what the
 * reader pulled: `length` bytes of a JSON string value. `declare` sets Content-Length.
 */
function streamedJson(length: number, { declare }: { declare: boolean }) {
  const chunk = 64 * 1024;
  let produced = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (produced >= length) return controller.close();
        const n = Math.min(chunk, length - produced);
        const part = Buffer.alloc(n, 0x61);
        if (produced === 0) part.write('{"x":"');
        if (produced + n >= length) part.write('"}', n - 2);
        produced += n;
        controller.enqueue(part);
      },
    },
    { highWaterMark: 0 },
  );
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (declare) headers["content-length"] = String(length);
  const request = new Request("http://localhost/api/configs", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => produced };
}

describe("JSON body limit (issue 12: a 20 MB body cost +628 MB, then a 422)", () => {
  it("answers a declared 20 MB body with 413 before reading any of it", async () => {
    const { request, pulled } = streamedJson(20 * MB, { declare: true });
    const error = await readJson(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(pulled()).toBe(0);
    const response = errorResponse(error);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        code: "PAYLOAD_TOO_LARGE",
        fields: { body: "body.tooLarge" },
        maxBytes: loadEnv().REQUEST_JSON_MAX_BYTES,
      },
    });
  });

  it("stops a chunked 20 MB body at the limit, having read no more than the limit and one chunk, in little memory", async () => {
    const limit = loadEnv().REQUEST_JSON_MAX_BYTES;
    const { request, pulled } = streamedJson(20 * MB, { declare: false });
    const before = process.memoryUsage.rss();
    const error = await readJson(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(pulled()).toBeLessThanOrEqual(limit + 2 * 64 * 1024);
    expect(process.memoryUsage.rss() - before).toBeLessThan(50 * MB);
  });

  it("reads a body within the limit (a per-route limit can be given), and a malformed one is still a 422", async () => {
    const ok = streamedJson(200 * 1024, { declare: true });
    expect(((await readJson(ok.request)) as { x: string }).x).toHaveLength(200 * 1024 - 8);
    const small = streamedJson(200 * 1024, { declare: false });
    await expect(readJson(small.request, { maxBytes: 100 * 1024 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      maxBytes: 100 * 1024,
    });
    const bad = new Request("http://localhost/x", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    await expect(readJson(bad)).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { body: "invalid" } });
    const bom = new Request("http://localhost/x", { method: "POST", body: '\uFEFF{"a":1}' });
    expect(await readJson(bom)).toEqual({ a: 1 });
  });

  it("readBodyBytes returns the exact bytes of an empty or small body", async () => {
    expect((await readBodyBytes(new Request("http://localhost/x", { method: "POST" }), 10)).length).toBe(0);
    expect(
      (await readBodyBytes(new Request("http://localhost/x", { method: "POST", body: "hello" }), 10)).toString(),
    ).toBe("hello");
    await expect(
      readBodyBytes(new Request("http://localhost/x", { method: "POST", body: "hello world" }), 10),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
