"use client";

import { useRouter } from "next/navigation";

/**
 * Switches the page to another version (keeping the tab). A plain link list would not fit 100 versions.
 * Labels come from the server page: the leaderboards use it too, without shipping the "dataset" catalogue.
 */
export function VersionSelect({
  current,
  options,
  labels,
}: {
  current: number;
  options: { number: number; href: string; latest: boolean }[];
  labels: { version: string; latest: string };
}) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm text-stone-600">
      {labels.version}
      <select
        value={current}
        onChange={(e) => {
          const next = options.find((o) => o.number === Number(e.target.value));
          if (next) router.push(next.href);
        }}
        className="rounded-md border border-stone-300 bg-white px-2 py-1 text-stone-900"
      >
        {options.map((o) => (
          <option key={o.number} value={o.number}>
            v{o.number}
            {o.latest ? ` (${labels.latest})` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
