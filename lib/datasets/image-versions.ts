import { scratchDir, type TStagedBlob } from "../storage";
import { ingestImageZip, packedSizeBytes } from "./images";
import { countSplit, seedFromSha256, splitRows } from "./split";
import { inspectImageZip } from "./zip";

/**
 * Zips up to both of these are decoded during the upload request (a few
 * seconds at most); larger ones are checked from their central directory only
 * and decoded by the worker's decode job (decode-job.ts), like large CSVs are
 * profiled by the profile job (PROFILE_INLINE_MAX_BYTES).
 */
export const IMAGE_INLINE_MAX_BYTES = 2 * 1024 * 1024;
export const IMAGE_INLINE_MAX_FILES = 500;

type TImageFormat = { kind: "images"; width: number; height: number; channels: 1 | 3 };

/** What the dataset page shows for an image version: its class balance and image size. */
/** An image version's public profile: its class balance without the private test half, and the rows it counts. */
export function imageProfile(format: TImageFormat, classBalance: { value: string; count: number }[]) {
  return {
    rowCount: classBalance.reduce((n, c) => n + c.count, 0),
    columns: [],
    target: { column: "class", classBalance },
    image: format,
  };
}

/**
 * An image upload's version data. Everything but the pixels comes from the
 * zip's central directory — image count, classes, each image's label and so
 * the split — so a version decoded later is complete except for its packed
 * data (dataKey), which it must have before it can be trained on.
 */
export async function processImageUpload(staged: TStagedBlob, { size, channels }: { size: number; channels: 1 | 3 }) {
  const layout = await inspectImageZip(staged.path);
  const format: TImageFormat = { kind: "images", width: size, height: size, channels };
  const common = {
    format,
    rowCount: layout.count,
    columnCount: 2,
    schema: [
      { name: "image", type: "image", missing: 0, distinct: layout.count, distinctCapped: false },
      { name: "class", type: "categorical", missing: 0, distinct: layout.classes.length, distinctCapped: false },
    ],
    targetColumn: "class",
    classes: layout.classes,
    // Every image has its class (its folder): none is left out of the split.
    excluded: { count: 0, lines: [] as number[] },
    dataSizeBytes: packedSizeBytes({
      width: size,
      height: size,
      channels,
      count: layout.count,
      classes: layout.classes,
    }) as number | null,
  };
  if (staged.sizeBytes > IMAGE_INLINE_MAX_BYTES || layout.count > IMAGE_INLINE_MAX_FILES) {
    const splitSeed = seedFromSha256(staged.sha256);
    const assignments = splitRows(layout.labels, splitSeed);
    return {
      ...common,
      packedPath: null,
      splitSeed,
      assignments,
      splitCounts: countSplit(assignments),
      profile: null,
      decodeLater: true,
    };
  }
  const images = await ingestImageZip({
    filePath: staged.path,
    sha256: staged.sha256,
    size,
    channels,
    workDir: await scratchDir(),
  });
  return {
    ...common,
    packedPath: images.packedPath as string | null,
    splitSeed: images.splitSeed,
    assignments: images.assignments,
    splitCounts: images.splitCounts,
    profile: imageProfile(format, images.classCounts) as object | null,
    decodeLater: false,
  };
}
