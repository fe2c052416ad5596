"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

/** Switches the page to another version (keeping the tab). A plain link list would not fit 100 versions. */
export function VersionSelect({ current, options }: { current: number; options: { number: number; href: string; latest: boolean }[] }) {
  const t = useTranslations("dataset");
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm text-stone-600">
      {t("version")}
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
            {o.latest ? ` (${t("latest")})` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
