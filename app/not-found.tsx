import { getTranslations } from "next-intl/server";
import { ButtonLink } from "./_components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-stone-900">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-stone-600">{t("notFoundBody")}</p>
      <ButtonLink href="/" className="mt-6">
        {t("backHome")}
      </ButtonLink>
    </div>
  );
}
