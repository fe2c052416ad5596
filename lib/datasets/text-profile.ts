import { mulberry32 } from "../random";
import { scriptOf, tokenize, type TScript } from "../text/tokenize";
import { histogram, topValues } from "./stats";

/**
 * The profile of a text column (issue 17): a length histogram, the most frequent tokens, the scripts its rows are
 * written in and the tokens per row. Memory is bounded however long the file: lengths go into a uniform reservoir
 * (exact up to LENGTH_SAMPLE rows, like numeric histograms), and tokens and scripts are counted at the end on a
 * uniform sample of TEXT_SAMPLE_ROWS values, each cut to TEXT_SAMPLE_CHARS, with at most TOKEN_CAP distinct tokens.
 */
export const TEXT_SAMPLE_ROWS = 2_000;
export const TEXT_SAMPLE_CHARS = 1_000;
const LENGTH_SAMPLE = 20_000;
export const TOKEN_CAP = 10_000;
export const TOP_TOKENS = 15;
/** A script gets its own top tokens when at least this share of rows is written in it. */
const SCRIPT_TOKENS_MIN_SHARE = 0.1;

export type TTextProfile = {
  minLength: number;
  /** Characters per value (UTF-16 units, as meanLength and maxLength), equal-width bins over [min, max]. */
  lengthHistogram: { edges: number[]; counts: number[] };
  topTokens: { value: string; count: number }[];
  /**
   * With rows in more than one script, the top tokens of each script that writes at least 10% of the rows: in a
   * mixed column the larger language's function words ("the", "is") would otherwise hide the other's every token.
   */
  topTokensByScript: { script: TScript; tokens: { value: string; count: number }[] }[];
  /** Share of sampled rows by the dominant script of their letters, largest first ("other": no letters, or rare). */
  scripts: { script: TScript; share: number }[];
  dominantScript: TScript;
  meanTokens: number;
  /** Rows the tokens and scripts were counted on. */
  sampledRows: number;
  /** More distinct tokens than TOKEN_CAP: tokens first seen after the cap was reached are not counted. */
  tokensCapped: boolean;
};

export class TextSample {
  private count = 0;
  private minLength = Infinity;
  private maxLength = 0;
  private lengths: Float64Array | null = null;
  private readonly values: string[] = [];
  private readonly random: () => number;

  constructor(seed: number) {
    // Its own stream, so that sampling text leaves a column's numeric reservoir as it always was.
    this.random = mulberry32(seed ^ 0x5bd1e995);
  }

  add(value: string) {
    const length = value.length;
    if (length < this.minLength) this.minLength = length;
    if (length > this.maxLength) this.maxLength = length;
    const n = this.count;
    // Algorithm R for both reservoirs with one draw per value: each stays a uniform sample on its own.
    const j = n >= TEXT_SAMPLE_ROWS ? Math.floor(this.random() * (n + 1)) : n;
    if (n < LENGTH_SAMPLE) this.lengthSlot()[n] = length;
    else if (j < LENGTH_SAMPLE) this.lengths![j] = length;
    if (j < TEXT_SAMPLE_ROWS) this.values[j] = length > TEXT_SAMPLE_CHARS ? value.slice(0, TEXT_SAMPLE_CHARS) : value;
    this.count++;
  }

  private lengthSlot(): Float64Array {
    const current = this.lengths;
    if (current && this.count < current.length) return current;
    const next = new Float64Array(Math.min(LENGTH_SAMPLE, Math.max(64, (current?.length ?? 0) * 2)));
    if (current) next.set(current);
    this.lengths = next;
    return next;
  }

  profile(): TTextProfile {
    const tokens = new Map<string, number>();
    let tokensCapped = false;
    let tokenTotal = 0;
    const scriptRows = new Map<TScript, number>();
    for (const value of this.values) {
      // Word level: Latin words stay words and Han/kana/Thai runs become character bigrams, which name a topic far
      // better than single characters ("auto" would pick characters for a mostly Chinese row).
      for (const token of tokenize(value, { level: "word", lowercase: true })) {
        tokenTotal++;
        const known = tokens.get(token);
        if (known !== undefined) tokens.set(token, known + 1);
        else if (tokens.size < TOKEN_CAP) tokens.set(token, 1);
        else tokensCapped = true;
      }
      const script = scriptOf(value);
      scriptRows.set(script, (scriptRows.get(script) ?? 0) + 1);
    }
    const sampled = this.values.length;
    const scripts = [...scriptRows.entries()]
      .map(([script, rows]) => ({ script, share: sampled ? rows / sampled : 0 }))
      .sort((a, b) => b.share - a.share || (a.script < b.script ? -1 : 1));
    const byScript = new Map<TScript, Map<string, number>>();
    const shown = scripts.filter((s) => s.script !== "other" && s.share >= SCRIPT_TOKENS_MIN_SHARE);
    if (shown.length > 1) {
      for (const { script } of shown) byScript.set(script, new Map());
      for (const [token, count] of tokens) byScript.get(scriptOf(token))?.set(token, count);
    }
    const lengthSample = this.lengths
      ? this.lengths.subarray(0, Math.min(this.count, LENGTH_SAMPLE))
      : new Float64Array();
    return {
      minLength: this.count ? this.minLength : 0,
      lengthHistogram: histogram(lengthSample, this.count ? this.minLength : 0, this.maxLength, this.count),
      topTokens: topValues(tokens, TOP_TOKENS),
      topTokensByScript: [...byScript].map(([script, counts]) => ({ script, tokens: topValues(counts, TOP_TOKENS) })),
      scripts,
      dominantScript: scripts[0]?.script ?? "other",
      meanTokens: sampled ? tokenTotal / sampled : 0,
      sampledRows: sampled,
      tokensCapped,
    };
  }
}
