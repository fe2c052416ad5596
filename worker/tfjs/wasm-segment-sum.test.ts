import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../lib/random";
import { loadBackend } from "./backend";
import { registerWasmSegmentSum } from "./wasm-segment-sum";

type TCase = { x: number[]; xShape: number[]; ids: number[]; numSegments: number };

function randomCase(random: () => number): TCase {
  // tf.unsortedSegmentSum takes 1-D ids (gather's gradient flattens its indices first).
  const idsShape = [1 + Math.floor(random() * 40)];
  const rest = Array.from({ length: Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 5));
  const xShape = [...idsShape, ...rest];
  const numSegments = 1 + Math.floor(random() * 8);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  // Repeated ids (the point of a segment sum), and now and then one out of range, which the cpu kernel skips.
  const ids = Array.from({ length: size(idsShape) }, () =>
    random() < 0.05 ? numSegments + 2 : Math.floor(random() * numSegments),
  );
  const x = Array.from({ length: size(xShape) }, () => random() * 4 - 2);
  return { x, xShape, ids, numSegments };
}

async function segmentSum(backend: string, c: TCase): Promise<number[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(() =>
    tf.unsortedSegmentSum(tf.tensor(c.x, c.xShape), tf.tensor1d(c.ids, "int32"), c.numSegments),
  );
  const values = Array.from(await out.data());
  out.dispose();
  return values;
}

/** d(sum(gather(table, ids) * g)) / d table: the embedding's gradient, which tfjs computes with UnsortedSegmentSum. */
async function gatherGrad(backend: string, table: number[], rows: number, ids: number[]): Promise<number[]> {
  await tf.setBackend(backend);
  const grad = tf.tidy(() => {
    const t = tf.tensor2d(table, [rows, table.length / rows]);
    const idx = tf.tensor2d(ids, [2, ids.length / 2], "int32");
    const g = tf.grad((w: tf.Tensor) =>
      tf.sum(tf.mul(tf.gather(w, idx), tf.range(1, 1 + ids.length * t.shape[1]!).reshape([2, ids.length / 2, -1]))),
    );
    return g(t);
  });
  const values = Array.from(await grad.data());
  grad.dispose();
  return values;
}

const relErr = (a: number[], b: number[]) => {
  const diff = Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
  const norm = Math.sqrt(b.reduce((s, v) => s + v * v, 0));
  return diff / Math.max(norm, 1e-12);
};

describe("UnsortedSegmentSum for wasm", () => {
  it("is registered by loadBackend and matches cpu on random shapes without leaking", async () => {
    await loadBackend({ prefer: "wasm" }); // registers it, among the other kernels wasm lacks
    expect(tf.getKernel("UnsortedSegmentSum", "wasm")).toBeDefined();
    registerWasmSegmentSum(tf); // a second registration is a no-op, not a tfjs warning or error
    const random = mulberry32(17);
    for (let k = 0; k < 25; k++) {
      const c = randomCase(random);
      const before = tf.memory().numTensors;
      const onWasm = await segmentSum("wasm", c);
      expect(tf.memory().numTensors, `case ${k} leaked`).toBe(before);
      const onCpu = await segmentSum("cpu", c);
      expect(onWasm.length, JSON.stringify(c.xShape)).toBe(onCpu.length);
      expect(relErr(onWasm, onCpu), `case ${k}: ${JSON.stringify(c)}`).toBeLessThan(1e-4);
    }
  });

  it("gives the embedding gradient (gather's) the cpu backend gives", async () => {
    await loadBackend({ prefer: "wasm" });
    const table = Array.from({ length: 7 * 3 }, (_, i) => Math.sin(i));
    const ids = [0, 3, 3, 6, 1, 3];
    const before = tf.memory().numTensors;
    const onWasm = await gatherGrad("wasm", table, 7, ids);
    expect(tf.memory().numTensors).toBe(before);
    const onCpu = await gatherGrad("cpu", table, 7, ids);
    expect(relErr(onWasm, onCpu)).toBeLessThan(1e-4);
    expect(onCpu.slice(9, 12).every((v) => v > 0)).toBe(true); // row 3, used three times, gets a gradient
  });
});
