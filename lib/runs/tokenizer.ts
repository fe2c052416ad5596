import { resolveLevel, tokenize, type TTokenLevel } from "../text/tokenize";

/**
 * The fitted text tokenizer stored with a model (issue 17): the level ("auto" resolved once over the train rows, so
 * every row and every later prediction is tokenized the same way), lower-casing, the sequence length, and the
 * vocabulary, where index = token id: 0 is padding, 1 stands for every token outside the vocabulary, 2.. are the
 * train rows' tokens by frequency.
 */
export type TFittedTokenizer = {
  level: TTokenLevel;
  lowercase: boolean;
  maxLength: number;
  vocabulary: string[];
};

export const PAD_ID = 0;
export const OOV_ID = 1;
/** Reserved entries 0 and 1 of the vocabulary; not tokens that tokenize() can produce (they contain spaces). */
export const PAD_TOKEN = "<pad> ";
export const OOV_TOKEN = "<oov> ";

/**
 * Fits on the given texts, which must be TRAIN rows only: a token seen only in validation or test rows (the private
 * half among them) must never reach the stored, downloadable vocabulary. Keeps the `vocabularySize - 2` most frequent
 * tokens; ties go to the token seen first, then to code-point order, so the same rows always give the same ids.
 */
export function fitTokenizer(
  texts: readonly string[],
  options: { level: TTokenLevel | "auto"; lowercase: boolean; maxLength: number; vocabularySize: number },
): TFittedTokenizer {
  const level = resolveLevel(options.level, texts);
  const counts = new Map<string, { count: number; first: number }>();
  let seen = 0;
  for (const text of texts) {
    for (const token of tokenize(text, { level, lowercase: options.lowercase })) {
      const entry = counts.get(token);
      if (entry) entry.count += 1;
      else counts.set(token, { count: 1, first: seen++ });
    }
  }
  const ranked = [...counts.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || x.first - y.first || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, options.vocabularySize - 2))
    .map(([token]) => token);
  return {
    level,
    lowercase: options.lowercase,
    maxLength: options.maxLength,
    vocabulary: [PAD_TOKEN, OOV_TOKEN, ...ranked],
  };
}

/** A lookup from token to id, made once per tokenizer (a Map over the vocabulary). */
export function tokenIndex(tokenizer: TFittedTokenizer): Map<string, number> {
  return new Map(tokenizer.vocabulary.map((token, id) => [token, id]));
}

/**
 * A text's ids, written into `out` at `offset` (maxLength values): the first maxLength tokens, unknown ones as
 * OOV_ID, then PAD_ID to the end. Long texts are cut at the end, keeping their beginning. A missing text is all
 * padding.
 */
export function encodeText(
  tokenizer: TFittedTokenizer,
  index: Map<string, number>,
  text: string | null,
  out: Float32Array | Int32Array,
  offset = 0,
): void {
  const tokens = text === null ? [] : tokenize(text, { level: tokenizer.level, lowercase: tokenizer.lowercase });
  const n = Math.min(tokens.length, tokenizer.maxLength);
  for (let i = 0; i < n; i++) out[offset + i] = index.get(tokens[i]!) ?? OOV_ID;
  out.fill(PAD_ID, offset + n, offset + tokenizer.maxLength);
}
