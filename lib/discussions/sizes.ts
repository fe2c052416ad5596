/*
 * Sizes of threads and posts: the schemas (schemas.ts) enforce them, the composer shows them. Kept apart from the
 * schemas so that client components can import them without the server-side validation code.
 */

export const TITLE_MIN = 5;
export const TITLE_MAX = 200;
/** A post's body: at most this many characters (code points: an emoji is one)… */
export const BODY_MAX_CHARS = 20_000;
/** …and this many UTF-8 bytes: 20,000 Chinese characters fit (60,000 bytes), 20,000 emoji do not (80,000). */
export const BODY_MAX_BYTES = 64 * 1024;
export const TAGS_MAX = 5;
