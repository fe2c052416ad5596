import { getTranslations } from "next-intl/server";
import { EmptyState } from "./ui/empty-state";
import { PageHeader } from "./ui/page-header";

type TSection = "datasets" | "configs" | "runs" | "leaderboards" | "discussions";

/** The landing page of a section whose feature has not landed yet: says what will be here and when. */
export async function SectionPlaceholder({ section }: { section: TSection }) {
  const t = await getTranslations(`sections.${section}`);
  return (
    <div>
      <PageHeader title={t("title")} lead={t("lead")} />
      <EmptyState title={t("empty")} hint={t("emptyHint")} />
    </div>
  );
}

export async function sectionMetadata(section: TSection) {
  return { title: (await getTranslations(`sections.${section}`))("title") };
}
