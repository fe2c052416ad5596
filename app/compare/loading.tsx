import { getTranslations } from "next-intl/server";
import { TablePageSkeleton } from "../_components/ui/skeleton";

/** Shown while the comparison loads. */
export default async function CompareLoading() {
  return <TablePageSkeleton label={(await getTranslations("common"))("loading")} rows={8} />;
}
