import type * as tfTypes from "@tensorflow/tfjs";
import { inputBorrower } from "./kernel-inputs";

type TTf = typeof tfTypes;

/**
 * tfjs-backend-wasm 4.22 has no UnsortedSegmentSum kernel, and it is the gradient of `gather`, i.e. of every
 * embedding layer: text models failed to train on wasm ("Kernel 'UnsortedSegmentSum' not registered"). The sum is a
 * scatter with accumulation, which wasm has: out[s] = Σ_{i: ids[i]=s} x[i] is
 *   scatterND(ids as [n, 1], x as [n, d], [numSegments, d])
 * for ids of any rank r ≤ rank(x) (x's first r dimensions are flattened to n, the rest to d). Ids outside
 * [0, numSegments) are dropped, like the cpu backend does. Checked against the cpu backend in wasm-segment-sum.test.ts.
 */
export function registerWasmSegmentSum(tf: TTf) {
  if (tf.getKernel("UnsortedSegmentSum", "wasm")) return;
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: ({ inputs, attrs }) => {
      const { x: xInfo, segmentIds: idsInfo } = inputs as unknown as {
        x: tfTypes.TensorInfo;
        segmentIds: tfTypes.TensorInfo;
      };
      const { numSegments } = attrs as unknown as { numSegments: number };
      // Borrowed, not wrapped: the tidy's disposal must not free the inputs (kernel-inputs.ts).
      const borrow = inputBorrower(tf);
      return tf.tidy(() => {
        const x = borrow(xInfo);
        const ids = borrow(idsInfo);
        const n = ids.size;
        const rest = x.shape.slice(ids.rank);
        const d = rest.reduce((a, b) => a * b, 1);
        const flatIds = tf.cast(tf.reshape(ids, [n]), "int32");
        // scatterND would reject an out-of-range index; the cpu kernel skips it, so send those rows to a spare
        // segment (numSegments) and cut it off afterwards.
        const valid = tf.logicalAnd(tf.greaterEqual(flatIds, 0), tf.less(flatIds, numSegments));
        const safeIds = tf.where(valid, flatIds, tf.fill([n], numSegments, "int32"));
        const summed = tf.scatterND(tf.reshape(safeIds, [n, 1]), tf.reshape(x, [n, d]), [
          numSegments + 1,
          d,
        ]) as tfTypes.Tensor2D;
        return tf.reshape(tf.slice(summed, [0, 0], [numSegments, d]), [numSegments, ...rest]);
      }) as unknown as tfTypes.TensorInfo;
    },
  });
}
