import { describe, expect, it } from "vitest";
import { identicon } from "./identicon";

describe("identicon", () => {
  it("draws the same picture for the same handle (any case), different ones for different handles", () => {
    expect(identicon("grace")).toEqual(identicon("Grace"));
    const handles = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const pictures = new Set(handles.map((h) => JSON.stringify(identicon(h))));
    expect(pictures.size).toBeGreaterThan(190);
  });

  it("is symmetric, inside the 5×5 grid, never blank, with a hue on the wheel", () => {
    for (const handle of ["a", "x", "李雷", "user-0", "demo"]) {
      const { cells, hue } = identicon(handle);
      expect(cells.length).toBeGreaterThan(0);
      const set = new Set(cells.map(([x, y]) => `${x},${y}`));
      for (const [x, y] of cells) {
        expect(x >= 0 && x < 5 && y >= 0 && y < 5).toBe(true);
        expect(set.has(`${4 - x},${y}`)).toBe(true);
      }
      expect(hue >= 0 && hue < 360).toBe(true);
    }
  });
});
