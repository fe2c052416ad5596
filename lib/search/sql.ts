import { Prisma } from "../generated/prisma/client";
import { containsPattern, type TSearchTerms } from "./terms";

/** Where a table keeps its searchable text, as SQL expressions over the query's alias. */
export type TSearchColumns = {
  /** Trigram-indexed, like `text`. */
  title: Prisma.Sql;
  /** Further trigram-indexed text (description). */
  text: Prisma.Sql[];
  /** Text searched for CJK terms only (tags joined into one string: the tsvector already holds their Latin words). */
  cjkText?: Prisma.Sql[];
  /** A tsvector for the Latin words; without one they match as substrings of the title and text. */
  vector?: Prisma.Sql;
};

/*
 * The one search rule, for every list with a search box. A row matches when
 *   - the whole query is a substring of its title or text, or
 *   - its Latin part matches and every CJK term is a substring of its title, text or cjkText.
 * The Latin part matches by the tsvector, or by every word as a substring of the title (a Latin name glued to Chinese,
 * "MNIST手写数字", is a single lexeme to the parser) and no -word anywhere; without a tsvector, by substrings of the
 * title and text. A query with no terms (only stop words or punctuation) matches nothing rather than everything.
 *
 * Substring tests are LIKE/ILIKE, which the pg_trgm GIN indexes serve for patterns of three or more characters; an
 * English query therefore stays an index scan. Chinese words are mostly two characters (no trigram), so a Chinese
 * query reads the table (10-20 ms per 5,000 datasets here).
 */
export function searchMatchSql(t: TSearchTerms, cols: TSearchColumns): Prisma.Sql {
  if (!t.terms.length) return Prisma.sql`FALSE`;
  const indexed = [cols.title, ...cols.text];
  const everywhere = [...indexed, ...(cols.cjkText ?? [])];
  const all = t.cjk.map((term) => anyOf(everywhere, term));
  const words = t.words.map((w) => anyOf(cols.vector ? [cols.title] : indexed, w));
  const latin = [...words, ...t.excluded.map((w) => Prisma.sql`NOT ${anyOf(everywhere, w)}`)];
  if (latin.length && cols.vector) {
    const [v, q] = [cols.vector, t.fullText];
    all.push(Prisma.sql`(${v} @@ websearch_to_tsquery('simple', ${q}) OR ${v} @@ websearch_to_tsquery('english', ${q})
      OR (${Prisma.join(latin, " AND ")}))`);
  } else all.push(...latin);
  return Prisma.sql`(${anyOf(indexed, t.phrase)} OR (${Prisma.join(all, " AND ")}))`;
}

/**
 * Relevance, higher first: the whole query in the title outweighs everything, then the full-text rank plus one
 * for each term found in the title.
 */
export function searchRankSql(t: TSearchTerms, cols: TSearchColumns): Prisma.Sql {
  if (!t.terms.length) return Prisma.sql`0`;
  const inTitle = (text: string) => Prisma.sql`(${contains(cols.title, text)})::int`;
  const parts = [Prisma.sql`1000 * ${inTitle(t.phrase)}`, ...t.terms.map(inTitle)];
  if (t.words.length && cols.vector) {
    parts.push(Prisma.sql`ts_rank(${cols.vector},
      websearch_to_tsquery('simple', ${t.fullText}) || websearch_to_tsquery('english', ${t.fullText}))`);
  }
  return Prisma.join(parts, " + ");
}

function anyOf(columns: Prisma.Sql[], text: string): Prisma.Sql {
  return Prisma.sql`(${Prisma.join(
    columns.map((c) => contains(c, text)),
    " OR ",
  )})`;
}

/**
 * `column` contains `text`, ignoring case. Text without case (Chinese) uses LIKE: the same answer, several times
 * faster on a sequential scan, because ILIKE lower-cases every row first.
 */
function contains(column: Prisma.Sql, text: string): Prisma.Sql {
  const pattern = containsPattern(text);
  const caseless = text.toLowerCase() === text && text.toUpperCase() === text;
  return caseless ? Prisma.sql`${column} LIKE ${pattern}` : Prisma.sql`${column} ILIKE ${pattern}`;
}
