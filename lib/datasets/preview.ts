import { getBlobStore } from "../storage";
import { readCsv, type TCsvFormat } from "./csv";
import { getSplitAssignments } from "./queries";

export const PREVIEW_PAGE_SIZE = 25;
/** Previews read from the start of the file; deeper rows are for download. */
export const PREVIEW_MAX_ROWS = 10_000;

export async function previewRows(
  version: { id: string; sha256: string; format: unknown; rowCount: number },
  page: number,
  pageSize = PREVIEW_PAGE_SIZE,
) {
  const reachable = Math.min(version.rowCount, PREVIEW_MAX_ROWS);
  const pageCount = Math.max(1, Math.ceil(reachable / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * pageSize;
  const rows: { index: number; cells: string[] }[] = [];
  let header: string[] = [];
  let index = 0;
  await readCsv(await getBlobStore().localPath(version.sha256), version.format as TCsvFormat, {
    onHeader: (h) => (header = h),
    onRow(record) {
      if (index >= start) rows.push({ index, cells: record });
      index++;
      return rows.length < pageSize;
    },
  });
  const assignments = await getSplitAssignments(version.id);
  return {
    header,
    rows: rows.map((r) => ({ ...r, split: assignments[r.index] ?? 0 })),
    page: current,
    pageCount,
    capped: version.rowCount > PREVIEW_MAX_ROWS,
  };
}
