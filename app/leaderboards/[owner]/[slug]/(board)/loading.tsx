// The board page and its loading skeleton sit in the (board) route group so that the skeleton's Suspense boundary does
// not wrap competition/: its sign-in redirect and "not found" must be decided before anything streams (real 3xx/404).
import { getTranslations } from "next-intl/server";
import { TablePageSkeleton } from "@/app/_components/ui/skeleton";

/** Shown while a board loads (switching metric, view, page or version). */
export default async function BoardLoading() {
  return <TablePageSkeleton label={(await getTranslations("common"))("loading")} pills={5} rows={10} />;
}
