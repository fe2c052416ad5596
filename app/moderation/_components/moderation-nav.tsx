import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Links between the queue, the audit log and (for admins) the roles page. */
export async function ModerationNav({ current, admin }: { current: "queue" | "log" | "admin"; admin: boolean }) {
  const t = await getTranslations("moderation");
  const links = [
    { key: "queue", href: "/moderation", label: t("queue.title") },
    { key: "log", href: "/moderation/log", label: t("log.title") },
    ...(admin ? [{ key: "admin", href: "/admin", label: t("admin.title") }] : []),
  ];
  return (
    <nav aria-label={t("nav")} className="mb-4 flex flex-wrap gap-1 border-b border-stone-200">
      {links.map((l) => (
        <Link
          key={l.key}
          href={l.href}
          aria-current={l.key === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
            l.key === current
              ? "border-brand-600 text-brand-700"
              : "border-transparent text-stone-600 hover:text-stone-900"
          }`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
