/*
 * A generated avatar: a 5×5 symmetric pattern and a hue, both from a hash of the handle, so every user has one and
 * the same handle always draws the same picture — no upload, no network, nothing stored.
 */

/** 32-bit FNV-1a over the UTF-8 bytes: small, fast and well spread for short strings. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export type TIdenticon = {
  /** Filled cells as [column, row] in a 5×5 grid, mirrored left to right. */
  cells: [number, number][];
  hue: number;
};

export function identicon(handle: string): TIdenticon {
  const bits = fnv1a(handle.toLowerCase());
  const hue = fnv1a(`${handle.toLowerCase()}#hue`) % 360;
  const cells: [number, number][] = [];
  // 15 bits: three columns (the middle one and the left two, mirrored to the right) of five rows.
  for (let i = 0; i < 15; i++) {
    if (!((bits >>> i) & 1)) continue;
    const column = Math.floor(i / 5);
    const row = i % 5;
    cells.push([column, row]);
    if (column < 2) cells.push([4 - column, row]);
  }
  // An empty pattern would be a blank tile: fall back to the middle column.
  if (!cells.length) for (let row = 0; row < 5; row++) cells.push([2, row]);
  return { cells, hue };
}
