import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Previous/next links that keep the other query parameters. */
export async function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  const t = await getTranslations("datasets");
  const link = "rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100";
  const disabled = "rounded-md border border-stone-200 px-3 py-1.5 text-sm text-stone-400";
  return (
    <nav aria-label={t("pagination")} className="mt-6 flex items-center justify-between gap-3">
      {page > 1 ? (
        <Link href={href(page - 1)} className={link} rel="prev">
          ← {t("previous")}
        </Link>
      ) : (
        <span className={disabled}>← {t("previous")}</span>
      )}
      <span className="text-sm text-stone-600">{t("pageOf", { page, pageCount })}</span>
      {page < pageCount ? (
        <Link href={href(page + 1)} className={link} rel="next">
          {t("next")} →
        </Link>
      ) : (
        <span className={disabled}>{t("next")} →</span>
      )}
    </nav>
  );
}
