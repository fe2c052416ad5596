import { describe, expect, it } from "vitest";
import { containsPattern, MAX_TERMS, searchTerms } from "./terms";

describe("searchTerms", () => {
  it("segments Chinese into words, joining characters the dictionary split one by one", () => {
    expect(searchTerms("图像分类").cjk).toEqual(["图像", "分类"]);
    // Intl.Segmenter gives 图像|分类|数据|集 and 波士顿|房|价|回归; a lone 集 or 价 would match far too much.
    expect(searchTerms("图像分类数据集").cjk).toEqual(["图像", "分类", "数据集"]);
    expect(searchTerms("波士顿房价回归").cjk).toEqual(["波士顿", "房价", "回归"]);
    expect(searchTerms("中文微博情感分析语料").cjk).toEqual(["中文", "微博", "情感", "分析", "语料"]);
    expect(searchTerms("计算机视觉").cjk).toEqual(["计算机", "视觉"]);
    expect(searchTerms("猫").cjk).toEqual(["猫"]);
  });

  it("drops one-character function words and punctuation, which would match nearly everything", () => {
    expect(searchTerms("数据集的分类").cjk).toEqual(["数据集", "分类"]);
    expect(searchTerms("图像和文本").cjk).toEqual(["图像", "文本"]);
    expect(searchTerms("的 了 和").terms).toEqual([]);
    expect(searchTerms("，。！？（）").terms).toEqual([]);
    expect(searchTerms("--- !!!").terms).toEqual([]);
  });

  it("sends Latin words to full text and keeps CJK text out of it", () => {
    const t = searchTerms("  手写数字   MNIST ");
    expect(t).toEqual({
      phrase: "手写数字 MNIST",
      fullText: "MNIST",
      words: ["mnist"],
      excluded: [],
      cjk: ["手写", "数字"],
      terms: ["mnist", "手写", "数字"],
    });
    // Latin glued to Han (no space) is still split: the full-text parser would read "mnist手写数字" as one lexeme.
    expect(searchTerms("MNIST手写数字").words).toEqual(["mnist"]);
    expect(searchTerms("ＭＮＩＳＴ").words).toEqual(["mnist"]);
    expect(searchTerms("Iris FLOWERS").words).toEqual(["iris", "flowers"]);
  });

  it("reads websearch syntax: -word is excluded, a lone or between words is an operator", () => {
    const t = searchTerms('cats -dogs "image net" or foo');
    expect(t.words).toEqual(["cats", "image", "net", "foo"]);
    expect(t.excluded).toEqual(["dogs"]);
    expect(t.fullText).toBe('cats -dogs "image net" or foo');
    expect(searchTerms("x-ray").excluded).toEqual([]);
    expect(searchTerms("图像 -mnist")).toMatchObject({ cjk: ["图像"], words: [], excluded: ["mnist"] });
  });

  it("keeps at most MAX_TERMS distinct terms", () => {
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    expect(searchTerms(many).terms).toHaveLength(MAX_TERMS);
    expect(searchTerms("分类 分类 mnist MNIST").terms).toEqual(["mnist", "分类"]);
  });
});

describe("containsPattern", () => {
  it("takes LIKE's special characters literally", () => {
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("x_y\\z")).toBe("%x\\_y\\\\z%");
    expect(containsPattern("图像")).toBe("%图像%");
  });
});
