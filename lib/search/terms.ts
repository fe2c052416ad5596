/**
 * A search box's text, split into what the database can look for (issue 14: search in Chinese).
 *
 * PostgreSQL's full-text parser does not segment Chinese: "中文微博情感分析语料" becomes one lexeme, so a search for
 * "情感分析" never matches it. Latin words still go to full text (stemming, ranking, websearch syntax), while runs of
 * CJK text are cut into words with the ICU segmenter Node ships (Intl.Segmenter) and each word is then looked for as
 * a substring (lib/search/sql.ts). Pure, so the same terms serve datasets, configs and later discussion threads.
 */
export type TSearchTerms = {
  /** The query as typed, trimmed, runs of white space collapsed: matched whole, as a substring. */
  phrase: string;
  /** The non-CJK part, for websearch_to_tsquery ("quotes", -not, or); "" when there is none. */
  fullText: string;
  /** Latin (non-CJK) words the text must contain, lower-case, NFKC-normalised (full-width ＭＮＩＳＴ → mnist). */
  words: string[];
  /** Latin words written with a leading "-": the text must not contain them. */
  excluded: string[];
  /** CJK words the text must contain as substrings. */
  cjk: string[];
  /** Every word the text must contain (words, then cjk); none means the query matches nothing. */
  terms: string[];
};

/** Terms beyond this many are ignored (a 200-character query of single words would otherwise mean ~300 ILIKEs). */
export const MAX_TERMS = 16;

// Han, kana and hangul: scripts the "simple" and "english" text-search parsers do not split into words.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * One-character function words: particles, conjunctions, prepositions, pronouns. Alone they appear in nearly every
 * description, so a term made of one would match almost everything. Content characters (猫, 树) are kept.
 */
const CJK_STOP = new Set(
  [..."的地得了着过和与及或在是把被等也就都而之对从以于为吗呢吧啊呀嘛这那其并且即则给向让将个些么"].concat([
    ..."のはがをにでともへやかなね",
  ]),
);

// websearch_to_tsquery reads a lone "or" between words as an operator, not a word to find.
const OR_OPERATOR = "or";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

export function searchTerms(query: string): TSearchTerms {
  const phrase = query.trim().replace(/\s+/g, " ");
  const words: string[] = [];
  const excluded: string[] = [];
  const cjkRuns: string[][] = [];
  let run: string[] = [];
  let runEnd = -1;

  for (const { segment, index, isWordLike } of segmenter.segment(phrase)) {
    if (!isWordLike) continue;
    if (CJK.test(segment)) {
      if (CJK_STOP.has(segment)) continue;
      if (index !== runEnd && run.length) {
        cjkRuns.push(run);
        run = [];
      }
      run.push(segment);
      runEnd = index + segment.length;
      continue;
    }
    const word = segment.normalize("NFKC").toLowerCase();
    const negated = phrase[index - 1] === "-" && (index === 1 || /\s/.test(phrase[index - 2]!));
    (negated ? excluded : words).push(word);
  }
  if (run.length) cjkRuns.push(run);

  const latin =
    words.length > 2 ? words.filter((w, i) => w !== OR_OPERATOR || i === 0 || i === words.length - 1) : words;
  const cjk = cjkRuns.flatMap(joinSingles);
  const terms = unique([...latin, ...cjk]).slice(0, MAX_TERMS);
  return {
    phrase,
    fullText: phrase.replace(CJK_ALL, " ").normalize("NFKC").trim().replace(/\s+/g, " "),
    words: terms.filter((t) => latin.includes(t)),
    excluded: unique(excluded),
    cjk: terms.filter((t) => cjk.includes(t)),
    terms,
  };
}

/**
 * The segmenter cuts words its dictionary lacks into single characters ("房价" → 房|价, "微博" → 微|博), and one
 * character alone matches far too much (价 is in 评价). Adjacent single characters are joined back into one term,
 * and a lone one is joined to its neighbour ("数据|集" → 数据集): still a substring of what was typed, so text that
 * contains the query's own characters in order is still found.
 */
function joinSingles(segments: string[]): string[] {
  const groups: { text: string; single: boolean }[] = [];
  for (const s of segments) {
    const single = [...s].length === 1;
    const last = groups.at(-1);
    if (single && last?.single) last.text += s;
    else groups.push({ text: s, single });
  }
  const out: string[] = [];
  groups.forEach((g, i) => {
    if ([...g.text].length > 1 || groups.length === 1) return out.push(g.text);
    // A lone character: to the term before it in the same run, else to the one after.
    if (i > 0) out[out.length - 1] += g.text;
    else groups[i + 1]!.text = g.text + groups[i + 1]!.text;
  });
  return out;
}

const unique = (xs: string[]) => [...new Set(xs)];

/** A LIKE/ILIKE pattern that finds `text` anywhere, with the pattern characters in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
