import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { baseRunCredit } from "@/lib/runs/queries";

/**
 * "fine-tuned from <config> by @author": the credit a fine-tuned run or config gives its base run (run page, config
 * page, lineage). Only that there was a base when the viewer may not see it (lib/runs/queries.ts baseRunCredit).
 */
export async function FineTunedFrom({
  credit,
  className,
}: {
  credit: NonNullable<Awaited<ReturnType<typeof baseRunCredit>>>;
  className?: string;
}) {
  const t = await getTranslations("run");
  return (
    <span className={className} data-testid="fine-tuned-from">
      {credit.visible
        ? t.rich("fineTunedFrom", {
            config: credit.configTitle,
            author: credit.authorHandle,
            run: (chunks) => (
              <Link href={`/runs/${credit.id}`} className="font-medium text-brand-700 hover:underline">
                {chunks}
              </Link>
            ),
            user: (chunks) => (
              <Link href={`/u/${credit.authorHandle}`} className="hover:underline">
                {chunks}
              </Link>
            ),
          })
        : t("fineTunedFromHidden")}
    </span>
  );
}
