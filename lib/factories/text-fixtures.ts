import type { TDatasetShapeInfo } from "../configs/shapes";
import { mulberry32 } from "../random";

/** A table with one text column (`review`), a numeric one and a binary target, as shape inference sees it. */
export const REVIEWS_SHAPE: TDatasetShapeInfo = {
  name: "reviews",
  kind: "TABULAR",
  taskType: "CLASSIFICATION",
  classes: ["neg", "pos"],
  targetColumn: "label",
  columns: [
    { name: "review", type: "text", distinct: 400 },
    { name: "stars", type: "numeric", distinct: 5 },
    { name: "label", type: "categorical", distinct: 2 },
  ],
};

const POSITIVE = ["great", "wonderful", "fun", "moving", "clever", "好看", "精彩", "感人"];
const NEGATIVE = ["boring", "dull", "awful", "slow", "silly", "无聊", "难看", "拖沓"];
const FILLER = ["the", "film", "plot", "cast", "was", "very", "电影", "剧情", "演员", "非常", "and", "but"];

/**
 * Short synthetic reviews (English, Chinese and mixed), a label a model can learn from the words, and a `stars`
 * column: the rows of a small text classification CSV for tests. Seeded, so the same n and seed give the same rows.
 */
export function reviewRows(n: number, seed = 7): { review: string; stars: number; label: "neg" | "pos" }[] {
  const random = mulberry32(seed);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: n }, () => {
    const positive = random() < 0.5;
    const words = Array.from({ length: 3 + Math.floor(random() * 6) }, () =>
      random() < 0.35 ? pick(positive ? POSITIVE : NEGATIVE) : pick(FILLER),
    );
    const chinese = random() < 0.3;
    const review = chinese ? words.join("") : words.join(" ");
    return { review, stars: positive ? 4 : 2, label: positive ? "pos" : "neg" };
  });
}

/** The rows as CSV text with a header (reviews never contain commas or quotes). */
export function reviewCsv(rows: ReturnType<typeof reviewRows>): string {
  return ["review,stars,label", ...rows.map((r) => `${r.review},${r.stars},${r.label}`)].join("\n");
}
