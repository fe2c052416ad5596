import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { isAdmin } from "@/lib/permissions/moderation";
import { listStaff, withRole } from "@/lib/moderation/roles";
import { currentUser } from "../_server/auth";
import { Badge } from "../_components/ui/badge";
import { EmptyState } from "../_components/ui/empty-state";
import { PageHeader } from "../_components/ui/page-header";
import { ModerationNav } from "../moderation/_components/moderation-nav";
import { RoleForm } from "./role-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("moderation");
  return { title: t("admin.title") };
}

/**
 * Roles: admins grant and revoke MODERATOR and ADMIN by handle, and see who holds them (ADMIN_HANDLES accounts
 * marked, and not changeable here). "Not found" to anyone who is not an admin (the role read now).
 */
export default async function AdminPage() {
  const viewer = await withRole(await currentUser());
  if (!isAdmin(viewer)) notFound();
  const [staff, t] = await Promise.all([listStaff(viewer), getTranslations("moderation")]);

  return (
    <div className="max-w-3xl">
      <PageHeader title={t("admin.title")} lead={t("admin.lead")} />
      <ModerationNav current="admin" admin />
      <section className="mb-8 rounded-lg border border-stone-200 bg-white p-4">
        <RoleForm />
      </section>
      <section aria-labelledby="staff-heading">
        <h2 id="staff-heading" className="mb-3 text-lg font-semibold text-stone-900">
          {t("admin.staff")}
        </h2>
        {staff.length === 0 ? (
          <EmptyState title={t("admin.empty")} />
        ) : (
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="staff">
            {staff.map((u) => (
              <li key={u.id} className="flex min-w-0 flex-wrap items-center gap-2 px-4 py-3 text-sm">
                <Link href={`/u/${u.handle}`} className="font-medium text-stone-800 hover:underline">
                  @{u.handle}
                </Link>
                <Badge tone={u.role === "ADMIN" ? "brand" : "neutral"}>{t(`admin.roles.${u.role}`)}</Badge>
                {u.fromConfig ? <span className="text-xs text-stone-500">{t("admin.fromConfig")}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
