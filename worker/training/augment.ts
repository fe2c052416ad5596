import type * as tfTypes from "@tensorflow/tfjs";
import type { TTf } from "./context";

/**
 * Shuffled training batches with random augmentation (seeded through Math.random):
 * a horizontal flip for about half the images, a small rotation per batch, and a
 * shift of each image by up to `shiftFraction` of its size.
 */
export function augmentedBatches(
  tf: TTf,
  x: tfTypes.Tensor,
  y: tfTypes.Tensor,
  batchSize: number,
  augment: { flipHorizontal: boolean; rotationDegrees: number; shiftFraction: number },
) {
  const n = x.shape[0]!;
  const [h, w] = [x.shape[1]!, x.shape[2]!];
  return tf.data.generator(function* () {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      yield tf.tidy(() => {
        const indices = tf.tensor1d(idx, "int32");
        let xs = tf.gather(x, indices) as tfTypes.Tensor4D;
        const ys = tf.gather(y, indices);
        const m = idx.length;
        if (augment.flipHorizontal) {
          const mask = tf.tensor(
            idx.map(() => (Math.random() < 0.5 ? 1 : 0)),
            [m, 1, 1, 1],
            "bool",
          );
          xs = tf.where(tf.broadcastTo(mask, xs.shape), tf.image.flipLeftRight(xs), xs) as tfTypes.Tensor4D;
        }
        if (augment.rotationDegrees > 0) {
          const radians = ((Math.random() * 2 - 1) * augment.rotationDegrees * Math.PI) / 180;
          xs = tf.image.rotateWithOffset(xs, radians, 0);
        }
        if (augment.shiftFraction > 0) {
          const transforms = idx.flatMap(() => {
            const dx = (Math.random() * 2 - 1) * augment.shiftFraction * w;
            const dy = (Math.random() * 2 - 1) * augment.shiftFraction * h;
            return [1, 0, -dx, 0, 1, -dy, 0, 0];
          });
          xs = tf.image.transform(xs, tf.tensor2d(transforms, [m, 8]), "bilinear", "constant", 0);
        }
        return { xs, ys };
      });
    }
  });
}
