import { getTranslations } from "next-intl/server";

type TSection = "datasets" | "configs" | "runs" | "leaderboards";

export async function sectionMetadata(section: TSection) {
  return { title: (await getTranslations(`sections.${section}`))("title") };
}
