/*
 * What a post's markdown says besides its prose: `@handle` mentions and references to things (`run:<id>`,
 * `config:<owner>/<slug>@<rev>`, `dataset:<owner>/<slug>@v<n>`, `diff:<owner>/<slug>@<a>..<b>`,
 * `board:<owner>/<slug>`). Neither counts inside code (fenced or indented blocks, inline spans): code quotes things,
 * it does not mention them. Pure, so the editor's preview can use the same rules.
 */

/** The markdown with every code block and code span blanked out (same length, newlines kept). */
export function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  const lines = markdown.split("\n");
  const out: string[] = [];
  let fence: { char: string; length: number } | null = null;
  let previousBlank = true;
  for (const line of lines) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = null;
      out.push(blank(line));
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      out.push(blank(line));
      previousBlank = false;
      continue;
    }
    // An indented code block starts after a blank line (inside a paragraph, indentation is only a continuation).
    if (/^( {4}|\t)/.test(line) && previousBlank && line.trim()) {
      out.push(blank(line));
      continue;
    }
    previousBlank = line.trim() === "";
    out.push(line);
  }
  return blankCodeSpans(out.join("\n"), blank);
}

/** Inline code: a run of n backticks up to the next run of exactly n (CommonMark); an unclosed run is literal. */
function blankCodeSpans(text: string, blank: (s: string) => string): string {
  let result = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`") {
      result += text[i++];
      continue;
    }
    let n = 0;
    while (text[i + n] === "`") n++;
    const ticks = "`".repeat(n);
    let search = i + n;
    let end = -1;
    while (search < text.length) {
      const at = text.indexOf(ticks, search);
      if (at < 0) break;
      let run = 0;
      while (text[at + run] === "`") run++;
      if (run === n) {
        end = at;
        break;
      }
      search = at + run;
    }
    if (end < 0) {
      result += ticks;
      i += n;
      continue;
    }
    result += blank(text.slice(i, end + n));
    i = end + n;
  }
  return result;
}

const HANDLE = "[a-zA-Z0-9][a-zA-Z0-9_-]{0,29}";
const SLUG = "[a-zA-Z0-9][a-zA-Z0-9-]{0,59}";
/** Not part of a longer word, address or URL path (`ada@example.com`, `https://x/run:abc`). */
const START = "(?<![\\w@./:-])";

/** Handles written as @handle outside code, lower-case, each once, in order (existence is checked by the caller). */
export function parseMentions(markdown: string, max = 20): string[] {
  const found = new Set<string>();
  for (const m of withoutCode(markdown).matchAll(new RegExp(`${START}@(${HANDLE})`, "g"))) {
    const handle = m[1]!.toLowerCase().replace(/[-_]+$/, "");
    if (handle.length >= 3) found.add(handle);
    if (found.size >= max) break;
  }
  return [...found];
}

export type TReference =
  | { type: "run"; raw: string; id: string }
  | { type: "config"; raw: string; owner: string; slug: string; revision: number | null }
  | { type: "dataset"; raw: string; owner: string; slug: string; version: number | null }
  | { type: "diff"; raw: string; owner: string; slug: string; a: number; b: number }
  | { type: "board"; raw: string; owner: string; slug: string };

const REFERENCE = new RegExp(
  START +
    "(?:" +
    [
      `run:([a-zA-Z0-9]{8,40})`,
      `config:(${HANDLE})/(${SLUG})(?:@(\\d{1,9}))?`,
      `dataset:(${HANDLE})/(${SLUG})(?:@v(\\d{1,9}))?`,
      `diff:(${HANDLE})/(${SLUG})@(\\d{1,9})\\.\\.(\\d{1,9})`,
      `board:(${HANDLE})/(${SLUG})`,
    ].join("|") +
    ")(?![\\w/@.-]*\\w)",
  "g",
);

const trimName = (s: string) => s.toLowerCase().replace(/-+$/, "");

/** References written outside code, each once (by their text), in order; at most `max`. */
export function parseReferences(markdown: string, max = 20): TReference[] {
  const out = new Map<string, TReference>();
  for (const m of withoutCode(markdown).matchAll(REFERENCE)) {
    const raw = m[0];
    if (out.has(raw)) continue;
    const num = (s: string | undefined) => (s === undefined ? null : Number(s));
    let ref: TReference;
    if (m[1]) ref = { type: "run", raw, id: m[1] };
    else if (m[2]) ref = { type: "config", raw, owner: trimName(m[2]), slug: trimName(m[3]!), revision: num(m[4]) };
    else if (m[5]) ref = { type: "dataset", raw, owner: trimName(m[5]), slug: trimName(m[6]!), version: num(m[7]) };
    else if (m[8])
      ref = { type: "diff", raw, owner: trimName(m[8]), slug: trimName(m[9]!), a: Number(m[10]), b: Number(m[11]) };
    else ref = { type: "board", raw, owner: trimName(m[12]!), slug: trimName(m[13]!) };
    out.set(raw, ref);
    if (out.size >= max) break;
  }
  return [...out.values()];
}
