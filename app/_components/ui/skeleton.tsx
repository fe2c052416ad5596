export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-md bg-stone-200 ${className}`} />;
}

/** A page-shaped placeholder (title, a row of pills, a table) for loading.tsx files; `label` is read to screen readers. */
export function TablePageSkeleton({ label, pills = 0, rows = 10 }: { label: string; pills?: number; rows?: number }) {
  return (
    <div className="space-y-6" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      <Skeleton className="h-4 w-64" />
      <Skeleton className="h-9 w-3/4 max-w-xl" />
      {pills ? (
        <div className="flex gap-2">
          {Array.from({ length: pills }, (_, i) => (
            <Skeleton key={i} className="h-8 w-24 rounded-full" />
          ))}
        </div>
      ) : null}
      <div className="space-y-2 rounded-lg border border-stone-200 bg-white p-3">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-8 w-full" />
        ))}
      </div>
    </div>
  );
}
