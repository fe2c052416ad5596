import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The XSS payload list (one per line, see README.md beside it). Payloads set
 * `window.__xss` (caught by a setter the suite installs) or open a dialog, so
 * one that runs is noticed even where it leaves no trace in the DOM.
 */
export const PAYLOADS: readonly string[] = readFileSync(path.join(import.meta.dirname, "xss-payloads.txt"), "utf8")
  .split("\n")
  .map((line) => line.replace(/\r$/, ""))
  .filter((line) => line.trim() !== "");

/**
 * Packs payloads into as few strings of at most `max` characters as possible
 * (in list order, joined by `sep`): one field of each record holds one pack, so
 * every payload reaches every field with a bounded number of records.
 * Payloads longer than `max` cannot be stored in that field and are left out.
 */
export function pack(payloads: readonly string[], max: number, sep = " "): string[] {
  const packs: string[] = [];
  let current = "";
  for (const p of payloads) {
    if (p.length > max) continue;
    if (current && current.length + sep.length + p.length <= max) current += sep + p;
    else {
      if (current) packs.push(current);
      current = p;
    }
  }
  if (current) packs.push(current);
  return packs;
}

/** The i-th pack, cycling, or `fallback` where no payload fits the field. */
export const nth = (packs: readonly string[], i: number, fallback: string) =>
  packs.length ? packs[i % packs.length]! : fallback;

/** CSV header cells are trimmed and compared case-insensitively; numbers are refused as names. */
export function columnNames(payloads: readonly string[], max = 200): string[] {
  const seen = new Set<string>();
  return payloads.filter((p) => {
    const key = p.trim().toLowerCase();
    if (!key || key !== p.toLowerCase() || p.length > max || Number.isFinite(Number(p)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A zip folder is a class: no path separators, no hidden (dot) folders. */
export const folderNames = (payloads: readonly string[]) =>
  payloads.filter((p) => !/[/\\]/.test(p) && !p.startsWith(".") && p.trim() === p && p.length <= 200);

/** RFC 4180 quoting for every cell, so commas, quotes and semicolons in payloads stay inside their cell. */
export const csvCell = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
export const csvLine = (cells: (string | number)[]) => cells.map(csvCell).join(",");

/** What the browser shows for a text: runs of white space collapse to one space. */
export const visibleText = (s: string) => s.replace(/\s+/g, " ").trim();
