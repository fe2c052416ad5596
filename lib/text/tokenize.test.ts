import { describe, expect, it } from "vitest";
import { guessLanguageScript, resolveLevel, scriptOf, tokenize } from "./tokenize";

const WORD = { level: "word", lowercase: true } as const;
const CHAR = { level: "char", lowercase: true } as const;

describe("scriptOf / guessLanguageScript", () => {
  it("names the dominant script by letters, ignoring digits and punctuation", () => {
    expect(scriptOf("这部电影非常好看")).toBe("han");
    expect(scriptOf("東京に行きました")).toBe("kana");
    expect(scriptOf("한국어 문장입니다")).toBe("hangul");
    expect(scriptOf("ภาษาไทย")).toBe("thai");
    expect(scriptOf("The movie was great, 10/10!")).toBe("latin");
    expect(scriptOf("Привет, мир")).toBe("cyrillic");
    expect(scriptOf("مرحبا بالعالم")).toBe("arabic");
    expect(scriptOf("1234 !!")).toBe("other");
    expect(scriptOf("GPU训练很快 fast")).toBe("latin"); // 7 Latin letters against 4 Han
  });

  it("weighs every letter of every sample the same", () => {
    expect(guessLanguageScript(["这部电影非常好看", "bad", "很差"])).toBe("han");
    expect(guessLanguageScript(["great film", "这个好"])).toBe("latin");
    expect(guessLanguageScript([])).toBe("other");
  });
});

describe("tokenize at word level", () => {
  it("splits English on word boundaries, keeping inner apostrophes and lower-casing when asked", () => {
    expect(tokenize("Don't stop -- it's GREAT, 10/10!", WORD)).toEqual(["don't", "stop", "it's", "great", "10", "10"]);
    expect(tokenize("rock’n’roll 'quoted'", WORD)).toEqual(["rock'n'roll", "quoted"]);
    expect(tokenize("Keep Case", { level: "word", lowercase: false })).toEqual(["Keep", "Case"]);
    expect(tokenize("  ", WORD)).toEqual([]);
  });

  it("turns Chinese runs into character bigrams", () => {
    expect(tokenize("这部电影非常好看", WORD)).toEqual(["这部", "部电", "电影", "影非", "非常", "常好", "好看"]);
    // punctuation ends a run; a run of one character stays a single token
    expect(tokenize("好。电影，差", WORD)).toEqual(["好", "电影", "差"]);
  });

  it("keeps Latin words whole inside mixed text", () => {
    expect(tokenize("GPU训练很快 fast", WORD)).toEqual(["gpu", "训练", "练很", "很快", "fast"]);
    expect(tokenize("2023年发布", WORD)).toEqual(["2023", "年发", "发布"]);
  });

  it("folds full-width forms so ＧＰＵ and GPU are one token", () => {
    expect(tokenize("ＧＰＵ１２", WORD)).toEqual(["gpu12"]);
  });

  it("handles Japanese and Thai as unsegmented, Korean and Cyrillic as spaced", () => {
    expect(tokenize("東京に行く", WORD)).toEqual(["東京", "京に", "に行", "行く"]);
    expect(tokenize("สวัสดี", WORD)).toHaveLength(Array.from("สวัสดี").length - 1);
    expect(tokenize("한국어 문장", WORD)).toEqual(["한국어", "문장"]);
    expect(tokenize("Привет мир", WORD)).toEqual(["привет", "мир"]);
  });
});

describe("tokenize at char level", () => {
  it("yields code points, not UTF-16 halves, with whitespace collapsed to one space", () => {
    expect(tokenize("a𠀀b", CHAR)).toEqual(["a", "𠀀", "b"]); // U+20000 is two UTF-16 units
    expect(tokenize("😀 ok", CHAR)).toEqual(["😀", " ", "o", "k"]);
    expect(tokenize("  Hi   there ", CHAR)).toEqual(["h", "i", " ", "t", "h", "e", "r", "e"]);
    expect(tokenize("电影好", CHAR)).toEqual(["电", "影", "好"]);
  });
});

describe("auto level", () => {
  it("is char level for unsegmented scripts and word level otherwise", () => {
    expect(resolveLevel("auto", ["这部电影非常好看", "很差"])).toBe("char");
    expect(resolveLevel("auto", ["a fine film", "bad"])).toBe("word");
    expect(resolveLevel("word", ["这部电影"])).toBe("word");
    expect(tokenize("电影好", { level: "auto", lowercase: true })).toEqual(["电", "影", "好"]);
    expect(tokenize("Fine film", { level: "auto", lowercase: true })).toEqual(["fine", "film"]);
  });
});
