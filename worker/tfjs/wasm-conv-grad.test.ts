import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadBackend } from "./backend";
import { registerWasmConvBackpropFilter } from "./wasm-conv-grad";

/** d(sum(conv2d(x, w) * g)) / dw on a backend, as a plain array. */
async function filterGrad(
  backend: string,
  x: number[],
  xShape: number[],
  w: number[],
  wShape: number[],
  g: (shape: number[]) => tf.Tensor,
  stride: number,
  pad: "valid" | "same",
) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, xShape as [number, number, number, number]);
    const wt = tf.tensor4d(w, wShape as [number, number, number, number]);
    const grad = tf.grad((filter: tf.Tensor) => {
      const y = tf.conv2d(xt, filter as tf.Tensor4D, stride, pad);
      return tf.sum(tf.mul(y, g(y.shape)));
    });
    return grad(wt).arraySync();
  });
}

describe("Conv2DBackpropFilter for wasm", () => {
  it.each([
    [1, "valid"],
    [1, "same"],
    [2, "valid"],
    [2, "same"],
    [3, "same"],
  ] as const)("matches the cpu backend (stride %i, padding %s)", async (stride, pad) => {
    await loadBackend({ prefer: "wasm" });
    registerWasmConvBackpropFilter(tf);
    const xShape = [2, 7, 6, 3];
    const wShape = [3, 2, 3, 4];
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const x = Array.from({ length: size(xShape) }, (_, i) => Math.sin(i * 0.37));
    const w = Array.from({ length: size(wShape) }, (_, i) => Math.cos(i * 0.11));
    const g = (shape: number[]) =>
      tf.tensor(
        Array.from({ length: size(shape) }, (_, i) => ((i % 5) - 2) / 3),
        shape,
      );
    const onWasm = await filterGrad("wasm", x, xShape, w, wShape, g, stride, pad);
    const onCpu = await filterGrad("cpu", x, xShape, w, wShape, g, stride, pad);
    const flat = (v: unknown) => (v as number[][][][]).flat(3);
    const a = flat(onWasm);
    const b = flat(onCpu);
    expect(a.length).toBe(b.length);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
  });
});

describe("the wasm kernels written in tfjs ops", () => {
  it("leave their inputs alive and unchanged, and leak nothing", async () => {
    await loadBackend({ prefer: "wasm" });
    registerWasmConvBackpropFilter(tf);
    const x = tf.tensor4d(
      Array.from({ length: 2 * 5 * 5 * 3 }, (_, i) => Math.sin(i)),
      [2, 5, 5, 3],
    );
    const dy = tf.tensor4d(
      Array.from({ length: 2 * 5 * 5 * 4 }, (_, i) => Math.cos(i)),
      [2, 5, 5, 4],
    );
    const before = { x: x.dataSync().slice(), dy: dy.dataSync().slice(), tensors: tf.memory().numTensors };
    const dw = tf.engine().runKernel(
      "Conv2DBackpropFilter",
      { x, dy },
      {
        strides: [1, 1],
        pad: "same",
        dataFormat: "NHWC",
        filterShape: [3, 3, 3, 4],
      },
    ) as tf.Tensor;
    // Used to free both: the tidy inside the kernel disposed tensors made over the inputs' own buffers.
    expect(x.isDisposed || dy.isDisposed).toBe(false);
    // Allocate over the freed memory (if it had been freed), then read the inputs back.
    tf.dispose(tf.randomNormal([2, 5, 5, 7]));
    expect(Array.from(x.dataSync())).toEqual(Array.from(before.x));
    expect(Array.from(dy.dataSync())).toEqual(Array.from(before.dy));
    dw.dispose();
    expect(tf.memory().numTensors).toBe(before.tensors);
    tf.dispose([x, dy]);
  });
});
