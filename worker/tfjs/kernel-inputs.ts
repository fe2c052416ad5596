import type * as tfTypes from "@tensorflow/tfjs";

/**
 * For kernels written in tfjs ops (wasm-conv-grad.ts, wasm-segment-sum.ts): a tensor over a kernel input's data.
 * A tensor made from a TensorInfo shares the input's buffer without owning a reference, so disposing it (at the end
 * of the kernel's tidy) would free the caller's input — which autodiff may still read (the ReLU gradient reads a
 * layer's output). Taking a reference first makes that disposal give it back instead.
 */
export function inputBorrower(tf: typeof tfTypes) {
  const engine = tf.engine() as unknown as {
    makeTensorFromTensorInfo: (info: tfTypes.TensorInfo) => tfTypes.Tensor;
  };
  const backend = tf.backend() as unknown as { incRef: (dataId: object) => void };
  return <T extends tfTypes.Tensor = tfTypes.Tensor>(info: tfTypes.TensorInfo): T => {
    backend.incRef(info.dataId);
    return engine.makeTensorFromTensorInfo(info) as T;
  };
}
