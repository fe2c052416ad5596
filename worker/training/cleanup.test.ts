import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Cleanup } from "./cleanup";

const parent = await mkdtemp(path.join(os.tmpdir(), "ty-cleanup-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

/** Something disposable that records its disposal (or fails it). */
const thing = (name: string, log: string[], fails = false) => ({
  dispose: () => {
    log.push(name);
    if (fails) throw new Error(`${name} was already disposed`);
  },
});

describe("a run's cleanup", () => {
  it("frees everything newest first, even past a step that throws, and only once", async () => {
    const log: string[] = [];
    const cleanup = new Cleanup();
    cleanup.track(thing("data", log));
    cleanup.track(thing("model", log, true));
    cleanup.defer(() => log.push("random"));
    await cleanup.release();
    await cleanup.release();
    expect(log).toEqual(["random", "model", "data"]);
    expect(() => cleanup.defer(() => {})).toThrow();
  });

  it("a slot frees the value it replaces, and the last one at the end", async () => {
    const log: string[] = [];
    const cleanup = new Cleanup();
    const best = cleanup.slot<ReturnType<typeof thing>[]>();
    best.set([thing("epoch 1 a", log), thing("epoch 1 b", log)]);
    best.set([thing("epoch 3", log)]);
    expect(log).toEqual(["epoch 1 a", "epoch 1 b"]);
    await cleanup.release();
    expect(log).toEqual(["epoch 1 a", "epoch 1 b", "epoch 3"]);
    expect(best.get()).toBeNull();
  });

  it("removes a scratch directory with its files when the run fails after making it", async () => {
    const cleanup = new Cleanup();
    let dir = "";
    const failing = async () => {
      dir = await cleanup.tempDir(parent, "model-run1-");
      await writeFile(path.join(dir, "weights.bin"), "x");
      throw new Error("the store is unreachable");
    };
    await expect(failing().finally(() => cleanup.release())).rejects.toThrow("unreachable");
    expect(path.basename(dir)).toMatch(/^model-run1-/);
    expect(existsSync(dir)).toBe(false);
  });
});
