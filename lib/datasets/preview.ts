import { getBlobStore } from "../storage";
import { readCsv, type TCsvFormat } from "./csv";
import { getSplitAssignments } from "./queries";
import { SPLIT } from "./split";

export const PREVIEW_PAGE_SIZE = 25;
/** Previews read from the start of the file; deeper rows are for download. */
export const PREVIEW_MAX_ROWS = 10_000;

/**
 * One page of rows with their split. With `hidePrivate` (a viewer who may not see the private test half while it
 * is hidden; lib/permissions/hidden-half.ts) the private half's rows are left out, and pages count only shown rows.
 */
export async function previewRows(
  version: { id: string; sha256: string; format: unknown; rowCount: number },
  page: number,
  { hidePrivate, pageSize = PREVIEW_PAGE_SIZE }: { hidePrivate: boolean; pageSize?: number },
) {
  const assignments = await getSplitAssignments(version.id);
  const shown = (index: number) => !hidePrivate || assignments[index] !== SPLIT.TEST_PRIVATE;
  let reachable = Math.min(version.rowCount, PREVIEW_MAX_ROWS);
  if (hidePrivate) reachable = assignments.subarray(0, reachable).filter((s) => s !== SPLIT.TEST_PRIVATE).length;
  const pageCount = Math.max(1, Math.ceil(reachable / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * pageSize;
  const rows: { index: number; cells: string[]; split: number }[] = [];
  let header: string[] = [];
  let index = 0;
  let position = 0; // among shown rows
  await readCsv(await getBlobStore().localPath(version.sha256), version.format as TCsvFormat, {
    onHeader: (h) => (header = h),
    onRow(record) {
      if (shown(index)) {
        if (position >= start) rows.push({ index, cells: record, split: assignments[index] ?? 0 });
        position++;
      }
      index++;
      return rows.length < pageSize && index < PREVIEW_MAX_ROWS;
    },
  });
  return { header, rows, page: current, pageCount, capped: version.rowCount > PREVIEW_MAX_ROWS };
}
