import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { verifyUnsubscribeToken } from "@/lib/email/unsubscribe";
import { Button, ButtonLink } from "../../_components/ui/button";
import { PageHeader } from "../../_components/ui/page-header";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailUnsubscribe"))("title"), robots: { index: false } };
}

type TSearch = { token?: string | string[]; done?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Where a digest's unsubscribe link leads in a browser (GET /api/email/unsubscribe redirects here): a button that
 * posts the one-click unsubscribe, because opening a link must change nothing (mail scanners open them all). No
 * sign-in: the signed token in the link is what authorises it. After the post: a confirmation (?done=1).
 */
export default async function EmailUnsubscribePage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const [params, t] = await Promise.all([searchParams, getTranslations("emailUnsubscribe")]);
  const token = first(params.token) ?? "";
  if (first(params.done) === "1") {
    return (
      <div className="mx-auto max-w-lg" data-testid="email-unsubscribed">
        <PageHeader title={t("title")} />
        <p className="text-stone-800">{t("done")}</p>
        <p className="mt-2 text-sm text-stone-600">{t("doneHint")}</p>
        <ButtonLink href="/settings" variant="secondary" className="mt-6">
          {t("settings")}
        </ButtonLink>
      </div>
    );
  }
  if (!verifyUnsubscribeToken(token)) {
    return (
      <div className="mx-auto max-w-lg" data-testid="email-unsubscribe-invalid">
        <PageHeader title={t("title")} />
        <p role="alert" className="text-red-700">
          {t("invalid")}
        </p>
        <p className="mt-2 text-sm text-stone-600">{t("invalidHint")}</p>
        <ButtonLink href="/settings" variant="secondary" className="mt-6">
          {t("settings")}
        </ButtonLink>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader title={t("title")} lead={t("lead")} />
      <form method="post" action={`/api/email/unsubscribe?token=${encodeURIComponent(token)}`}>
        {/* RFC 8058's one-click body, as a mail provider would post it. */}
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <Button type="submit" data-testid="email-unsubscribe-confirm">
          {t("confirm")}
        </Button>
      </form>
    </div>
  );
}
