"use client";

import { useEffect } from "react";
import { useTranslations } from "next-intl";
import { Button } from "./_components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-lg py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold text-stone-900">{t("genericTitle")}</h1>
      <p className="mt-2 text-stone-600">{t("genericBody")}</p>
      {error.digest ? (
        <p className="mt-2 font-mono text-xs text-stone-400">{t("reference", { digest: error.digest })}</p>
      ) : null}
      <Button onClick={reset} className="mt-6">
        {t("retry")}
      </Button>
    </div>
  );
}
