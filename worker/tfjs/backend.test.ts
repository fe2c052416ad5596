import { describe, expect, it } from "vitest";
import { BACKEND_ORDER, loadBackend } from "./backend";

describe("tfjs backend chooser", () => {
  it("tries tfjs-node-gpu, tfjs-node, wasm, cpu in order and says why each earlier one failed", async () => {
    const { tf, choice } = await loadBackend();
    const names = choice.attempts.map((a) => a.name);
    expect(names).toEqual(BACKEND_ORDER.slice(0, names.length));
    expect(choice.attempts.at(-1)).toEqual({ name: choice.name, ok: true });
    for (const failed of choice.attempts.slice(0, -1)) expect(failed.reason).toBeTruthy();
    expect(tf.getBackend()).toBe(choice.tfBackend);
    expect(choice.tfjsVersion).toMatch(/^\d+\.\d+\.\d+/);
    // The chosen backend really computes.
    const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await product.data())).toEqual([11]);
  });

  it("starts from TFJS_BACKEND when set, recording the skipped ones", async () => {
    const { tf, choice } = await loadBackend({ prefer: "cpu" });
    expect(choice.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(choice.attempts.slice(0, 3).map((a) => a.reason)).toEqual([
      "skipped: TFJS_BACKEND=cpu",
      "skipped: TFJS_BACKEND=cpu",
      "skipped: TFJS_BACKEND=cpu",
    ]);
  });
});
