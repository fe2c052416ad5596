import { getTranslations } from "next-intl/server";
import { TablePageSkeleton } from "../../../_components/ui/skeleton";

/** Shown while a board loads (switching metric, view, page or version). */
export default async function BoardLoading() {
  return <TablePageSkeleton label={(await getTranslations("common"))("loading")} pills={5} rows={10} />;
}
