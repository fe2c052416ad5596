/**
 * Runtime-neutral text tokenization shared by the dataset text profile (lib/datasets), the text preprocessing of
 * runs (lib/runs/tokenizer.ts) and the worker. Issue 17: Chinese and other scripts written without spaces get
 * character bigrams at word level, because splitting on spaces would make a whole sentence one token.
 */

export type TScript = "han" | "kana" | "hangul" | "thai" | "latin" | "cyrillic" | "arabic" | "other";
export type TTokenLevel = "word" | "char";
export type TTokenizeOptions = { level: TTokenLevel | "auto"; lowercase: boolean };

const SCRIPT_TESTS: ReadonlyArray<readonly [Exclude<TScript, "other">, RegExp]> = [
  ["han", /\p{Script=Han}/u],
  ["kana", /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ["hangul", /\p{Script=Hangul}/u],
  ["thai", /\p{Script=Thai}/u],
  ["latin", /\p{Script=Latin}/u],
  ["cyrillic", /\p{Script=Cyrillic}/u],
  ["arabic", /\p{Script=Arabic}/u],
];
const LETTER = /\p{L}/u;
/** Scripts written without spaces between words (Lao, Khmer, Myanmar too, though they report as "other"). */
const UNSEGMENTED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** A word: letters, marks and digits, with apostrophes allowed inside ("don't", "l'homme"), never at the ends. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const WHITESPACE = /\s+/gu;

type TCounts = Record<TScript, number>;

function emptyCounts(): TCounts {
  return { han: 0, kana: 0, hangul: 0, thai: 0, latin: 0, cyrillic: 0, arabic: 0, other: 0 };
}

function addCounts(counts: TCounts, text: string): void {
  for (const ch of text) {
    if (!LETTER.test(ch)) continue; // digits, spaces and punctuation say nothing about the language
    const hit = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    counts[hit ? hit[0] : "other"] += 1;
  }
}

function dominant(counts: TCounts): TScript {
  let best: TScript = "other";
  let bestCount = 0;
  for (const [script, n] of Object.entries(counts) as Array<[TScript, number]>) {
    if (n > bestCount) {
      best = script;
      bestCount = n;
    }
  }
  // Japanese mixes kanji (Han) with kana; any real share of kana means Japanese rather than Chinese.
  if (best === "han" && counts.kana > 0 && counts.kana * 10 >= counts.han) return "kana";
  return best;
}

/** The dominant script of a text, counted over its letters (code points); "other" when it has no letters. */
export function scriptOf(text: string): TScript {
  const counts = emptyCounts();
  addCounts(counts, text);
  return dominant(counts);
}

/** The dominant script over many samples (e.g. a column's values), each letter weighing the same. */
export function guessLanguageScript(samples: Iterable<string>): TScript {
  const counts = emptyCounts();
  for (const sample of samples) addCounts(counts, sample);
  return dominant(counts);
}

/** True for scripts written without spaces between words, where word level means character bigrams. */
export function isUnsegmentedScript(script: TScript): boolean {
  return script === "han" || script === "kana" || script === "thai";
}

/**
 * "auto" is character level when the dominant script is unsegmented (a few thousand characters make a compact
 * vocabulary, where bigrams would mostly fall out of it), word level otherwise. Decided once per corpus when a
 * tokenizer is fitted, so every row is encoded the same way.
 */
export function resolveLevel(level: TTokenizeOptions["level"], samples: Iterable<string>): TTokenLevel {
  if (level !== "auto") return level;
  return isUnsegmentedScript(guessLanguageScript(samples)) ? "char" : "word";
}

function normalize(text: string, lowercase: boolean): string {
  // NFKC folds full-width Latin and digits (common in Chinese and Japanese text) into their ASCII forms.
  const folded = text.normalize("NFKC");
  return lowercase ? folded.toLowerCase() : folded;
}

/** Splits a word into runs of unsegmented and other characters: "gpu训练" -> ["gpu", "训练"]. */
function scriptRuns(word: string): Array<{ text: string[]; unsegmented: boolean }> {
  const runs: Array<{ text: string[]; unsegmented: boolean }> = [];
  for (const ch of word) {
    const unsegmented = UNSEGMENTED.test(ch);
    const last = runs[runs.length - 1];
    if (last && last.unsegmented === unsegmented) last.text.push(ch);
    else runs.push({ text: [ch], unsegmented });
  }
  return runs;
}

function wordTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(WORD)) {
    for (const run of scriptRuns(match[0].replace(/’/gu, "'"))) {
      if (!run.unsegmented) {
        tokens.push(run.text.join(""));
      } else if (run.text.length === 1) {
        tokens.push(run.text[0]!);
      } else {
        for (let i = 0; i + 1 < run.text.length; i += 1) tokens.push(run.text[i]! + run.text[i + 1]!);
      }
    }
  }
  return tokens;
}

function charTokens(text: string): string[] {
  // Whitespace runs become one " " token so word boundaries survive at character level.
  return Array.from(text.replace(WHITESPACE, " ").trim());
}

/**
 * Tokens of one text. Word level: Unicode word runs (letters, marks, digits, inner apostrophes); runs in unsegmented
 * scripts (Han, kana, Thai) become overlapping character bigrams, or the character itself when alone, while Latin
 * words inside mixed text stay words. Char level: code points (never UTF-16 halves), whitespace collapsed.
 * "auto" decides by this text's own dominant script; a fitted tokenizer resolves it once over the corpus instead.
 */
export function tokenize(text: string, options: TTokenizeOptions): string[] {
  const normalized = normalize(text, options.lowercase);
  const level = options.level === "auto" ? resolveLevel("auto", [normalized]) : options.level;
  return level === "char" ? charTokens(normalized) : wordTokens(normalized);
}
