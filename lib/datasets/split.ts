import { mulberry32 } from "../random";

/**
 * Deterministic, seeded train/validation/test split, stratified by class for
 * classification. The test part alternates between a public and a private
 * half, per stratum, so both halves keep the class balance.
 * Stored per version as one byte per row and never recomputed.
 * EXCLUDED rows (no target value) are stored and shown but in no split: nothing trains or is scored on them, and
 * they are not part of the private half (lib/permissions/hidden-half.ts), so everyone who sees the version sees them.
 */
export const SPLIT = { TRAIN: 0, VALIDATION: 1, TEST_PUBLIC: 2, TEST_PRIVATE: 3, EXCLUDED: 4 } as const;
export const DEFAULT_RATIOS = { train: 0.7, validation: 0.15, test: 0.15 } as const;

export type TSplitCounts = {
  train: number;
  validation: number;
  testPublic: number;
  testPrivate: number;
  excluded: number;
};

/** The `strata` value of a row that is in no split (splitRows assigns it SPLIT.EXCLUDED). */
export const EXCLUDED_STRATUM = -1;

/** Fisher–Yates with a seeded PRNG. */
function shuffle(indices: Int32Array, random: () => number) {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = t;
  }
}

/**
 * `strata[i]` is row i's class index (or 0 for every row when not stratifying), or EXCLUDED_STRATUM for a row that
 * belongs to no split.
 */
export function splitRows(strata: Int32Array | Uint16Array, seed: number, ratios = DEFAULT_RATIOS): Uint8Array {
  const rowCount = strata.length;
  const groups = new Map<number, number[]>();
  const out = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const s = strata[i]!;
    if (s === EXCLUDED_STRATUM) {
      out[i] = SPLIT.EXCLUDED;
      continue;
    }
    let g = groups.get(s);
    if (!g) groups.set(s, (g = []));
    g.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const indices = Int32Array.from(groups.get(key)!);
    shuffle(indices, mulberry32((seed ^ Math.imul(key + 1, 0x9e3779b1)) >>> 0));
    const n = indices.length;
    const nTrain = Math.round(n * ratios.train);
    const nVal = Math.min(n - nTrain, Math.round(n * ratios.validation));
    for (let k = 0; k < n; k++) {
      const row = indices[k]!;
      if (k < nTrain) out[row] = SPLIT.TRAIN;
      else if (k < nTrain + nVal) out[row] = SPLIT.VALIDATION;
      else out[row] = (k - nTrain - nVal) % 2 === 0 ? SPLIT.TEST_PUBLIC : SPLIT.TEST_PRIVATE;
    }
  }
  return out;
}

export function countSplit(assignments: Uint8Array): TSplitCounts {
  const c = [0, 0, 0, 0, 0];
  for (const a of assignments) c[a]!++;
  return { train: c[0]!, validation: c[1]!, testPublic: c[2]!, testPrivate: c[3]!, excluded: c[4]! };
}

/** A seed derived from the content hash: the same file always gets the same split. */
/** 31 bits, so it fits a PostgreSQL integer. */
export const seedFromSha256 = (sha256: string) => Number.parseInt(sha256.slice(0, 8), 16) >>> 1;
