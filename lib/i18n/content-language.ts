/**
 * The language a user's text is written in, as far as fonts and line breaking care: "zh-CN" when Han characters
 * carry at least as much of it as Latin words do (a Chinese sentence with "MNIST" and "F1" in it is Chinese), "en"
 * for Latin text, null when there is too little to tell. Posts record it; rendered content carries it as `lang`.
 */
export type TContentLanguage = "zh-CN" | "en";

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}{2,}/gu;
/** Code and maths say nothing about the language of the prose around them. */
const CODE_OR_MATH = /```[\s\S]*?```|`[^`\n]*`|\$\$[\s\S]*?\$\$|\$[^$\n]*\$/g;

export function contentLanguage(text: string): TContentLanguage | null {
  const prose = text.replace(CODE_OR_MATH, " ");
  const han = prose.match(HAN)?.length ?? 0;
  const latinWords = prose.match(LATIN_WORD)?.length ?? 0;
  // About two Han characters make one word.
  if (han / 2 >= Math.max(1, latinWords)) return "zh-CN";
  if (latinWords >= 2 && han === 0) return "en";
  if (latinWords >= 3 && han / 2 < latinWords) return "en";
  return han > 0 ? "zh-CN" : null;
}
