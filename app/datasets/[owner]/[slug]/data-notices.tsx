import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { TTabularProfile } from "@/lib/datasets/ingest";
import type { TColumnWarning } from "@/lib/datasets/warnings";
import type { TVersionView } from "./tabs/types";

const NOTICE = "rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900";

/** "12 rows have no value for “price” and are left out of training and evaluation: lines 9, 14, 30 …" */
export async function ExcludedRowsNotice({ version }: { version: TVersionView }) {
  if (!version.excludedRowCount) return null;
  const [t, format] = await Promise.all([getTranslations("dataset"), getFormatter()]);
  return (
    <p role="status" className={NOTICE} data-testid="excluded-rows">
      {t("excludedNotice", {
        count: version.excludedRowCount,
        column: version.targetColumn,
        lines: version.excludedLines.map((line) => format.number(line)).join(t("lineSeparator")),
        more: version.excludedRowCount > version.excludedLines.length ? "yes" : "no",
      })}
    </p>
  );
}

const warningsOf = (version: TVersionView) => (version.profile as TTabularProfile | null)?.warnings ?? [];

/** The overview's pointer to the profile's column warnings. */
export async function ColumnWarningsSummary({ version, href }: { version: TVersionView; href: string }) {
  const count = new Set(warningsOf(version).map((w) => w.column)).size;
  if (!count) return null;
  const t = await getTranslations("dataset.columnWarnings");
  return (
    <p role="status" className={NOTICE} data-testid="column-warnings-summary">
      <Link href={href} className="underline">
        {t("summary", { count })}
      </Link>
    </p>
  );
}

/** The profile's column warnings (lib/datasets/warnings.ts), each with the config setting that leaves the column out. */
export async function ColumnWarnings({ version }: { version: TVersionView }) {
  const warnings = warningsOf(version);
  if (!warnings.length) return null;
  const [t, format] = await Promise.all([getTranslations("dataset.columnWarnings"), getFormatter()]);
  const text = (w: TColumnWarning) => {
    const target = version.targetColumn;
    switch (w.kind) {
      case "leak":
        return w.how === "mapping"
          ? t("leakMapping", { column: w.column, target, share: w.share })
          : t("leakCorrelation", {
              column: w.column,
              target,
              correlation: format.number(w.correlation, { maximumFractionDigits: 3 }),
            });
      case "constant":
        return w.value === null
          ? t("constantEmpty", { column: w.column })
          : t("constant", { column: w.column, value: w.value.slice(0, 60) });
      case "idLike":
        return t("idLike", { column: w.column });
    }
  };
  return (
    <section className={`space-y-2 ${NOTICE}`} aria-labelledby="column-warnings-title" data-testid="column-warnings">
      <h2 id="column-warnings-title" className="font-semibold">
        {t("title")}
      </h2>
      <p className="text-xs">{t("lead")}</p>
      <ul className="list-disc space-y-1 pl-5">
        {warnings.map((w) => (
          <li key={`${w.kind}:${w.column}`} data-column={w.column} data-kind={w.kind} className="break-words">
            {text(w)}
          </li>
        ))}
      </ul>
      <p>
        {t.rich("fix", { code: (chunks) => <code className="font-mono text-xs">{chunks}</code> })}{" "}
        <Link href={`/configs/new?dataset=${encodeURIComponent(version.id)}`} className="underline">
          {t("startConfig")}
        </Link>
      </p>
    </section>
  );
}
