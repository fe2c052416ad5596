/**
 * One row's checkbox for CompareSelection (app/_components/compare-selection.tsx).
 * A plain component with no server or client imports, so server tables and client
 * rows (the leaderboard's BoardRows) share it; `label` is "compare.selectRun" for the run.
 */
export function CompareCheckbox({ runId, label }: { runId: string; label: string }) {
  return <input type="checkbox" name="run" value={runId} aria-label={label} className="h-4 w-4 accent-brand-600" />;
}
