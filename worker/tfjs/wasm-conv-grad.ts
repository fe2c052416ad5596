import type * as tfTypes from "@tensorflow/tfjs";
import { inputBorrower } from "./kernel-inputs";

type TTf = typeof tfTypes;

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so training any
 * conv2d layer on wasm fails ("Kernel 'Conv2DBackpropFilter' not registered").
 * The filter gradient is itself a convolution:
 *   dW[a,b,c,o] = Σ_{n,i,j} x[n, i·s+a, j·s+b, c] · dy[n,i,j,o]
 * i.e. x seen as a batch of `c` images with `n` channels, convolved with dy seen
 * as a filter of shape [oh, ow, n, o] dilated by the stride. Registered once per
 * process (worker thread); checked against the cpu backend in wasm-conv-grad.test.ts.
 */
export function registerWasmConvBackpropFilter(tf: TTf) {
  if (tf.getKernel("Conv2DBackpropFilter", "wasm")) return;
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: ({ inputs, attrs }) => {
      const { x: xInfo, dy: dyInfo } = inputs as unknown as { x: tfTypes.TensorInfo; dy: tfTypes.TensorInfo };
      const { strides, pad, dataFormat, filterShape, dimRoundingMode } = attrs as unknown as {
        strides: [number, number] | number;
        pad: "valid" | "same" | number;
        dataFormat: "NHWC" | "NCHW";
        filterShape: [number, number, number, number];
        dimRoundingMode?: string;
      };
      if (dataFormat !== "NHWC" || typeof pad === "number" || dimRoundingMode)
        throw new Error("Conv2DBackpropFilter (wasm): only NHWC with 'valid' or 'same' padding is supported");
      const [sh, sw] = Array.isArray(strides) ? strides : [strides, strides];
      const [kh, kw] = filterShape;
      // Borrowed, not wrapped: the tidy's disposal must not free the inputs (kernel-inputs.ts).
      const borrow = inputBorrower(tf);
      return tf.tidy(() => {
        let x = borrow<tfTypes.Tensor4D>(xInfo);
        const dy = borrow<tfTypes.Tensor4D>(dyInfo);
        const [, h, w] = x.shape;
        const [, oh, ow] = dy.shape;
        if (pad === "same") {
          const padH = Math.max((oh - 1) * sh + kh - h, 0);
          const padW = Math.max((ow - 1) * sw + kw - w, 0);
          const top = Math.floor(padH / 2);
          const left = Math.floor(padW / 2);
          x = tf.pad(x, [
            [0, 0],
            [top, padH - top],
            [left, padW - left],
            [0, 0],
          ]);
        }
        const xT = tf.transpose(x, [3, 1, 2, 0]); // [c, H, W, n]
        const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, n, o]
        const out = tf.conv2d(xT, dyT, 1, "valid", "NHWC", [sh, sw]); // [c, ≥kh, ≥kw, o]
        const cropped = tf.slice(out, [0, 0, 0, 0], [-1, kh, kw, -1]);
        return tf.transpose(cropped, [1, 2, 0, 3]); // [kh, kw, c, o]
      }) as unknown as tfTypes.TensorInfo;
    },
  });
}
