import { getTranslations } from "next-intl/server";
import { storageUsage } from "@/lib/datasets/quota";
import { formatBytes } from "@/lib/format";

/** The owner's storage: used of the quota, as a bar (shown on their own profile only). */
export async function StorageQuota({ userId }: { userId: string }) {
  const [t, { usedBytes, limitBytes }] = await Promise.all([getTranslations("profile"), storageUsage(userId)]);
  const percent = limitBytes ? Math.min(100, Math.round((usedBytes / limitBytes) * 100)) : 0;
  const used = formatBytes(usedBytes);
  const label = limitBytes
    ? t("storageUsed", { used, limit: formatBytes(limitBytes) })
    : t("storageUnlimited", { used });
  return (
    <section
      aria-labelledby="profile-storage"
      className="space-y-2 rounded-lg border border-stone-200 bg-white p-3"
      data-testid="storage-quota"
    >
      <h2 id="profile-storage" className="text-sm font-medium text-stone-900">
        {t("storageTitle")}
      </h2>
      <p className="text-sm text-stone-700">{label}</p>
      {limitBytes ? (
        <div
          className="h-2 overflow-hidden rounded-full bg-stone-200"
          role="progressbar"
          aria-label={t("storageTitle")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={label}
        >
          <div
            className={`h-full ${percent >= 90 ? "bg-amber-500" : "bg-brand-600"}`}
            style={{ width: `${Math.max(percent, usedBytes ? 2 : 0)}%` }}
          />
        </div>
      ) : null}
      <p className="text-xs text-stone-500">{t("storageHint")}</p>
    </section>
  );
}
