"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../../_components/ui/button";

/** Opens pasted JSON in the editor through a shareable link (?import=<base64url>). */
export function ImportForm() {
  const t = useTranslations("configNew");
  const router = useRouter();
  const [text, setText] = useState("");
  const [error, setError] = useState(false);
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        try {
          const json = JSON.stringify(JSON.parse(text));
          const encoded = btoa(String.fromCharCode(...new TextEncoder().encode(json)))
            .replace(/\+/g, "-")
            .replace(/\//g, "_")
            .replace(/=+$/, "");
          router.push(`/configs/new?import=${encoded}`);
        } catch {
          setError(true);
        }
      }}
    >
      <label htmlFor="import-json" className="block text-sm font-medium text-stone-800">
        {t("import")}
      </label>
      <p className="text-xs text-stone-500">{t("importHint")}</p>
      <textarea
        id="import-json"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(false);
        }}
        rows={6}
        className="block w-full rounded-md border border-stone-300 bg-white p-2 font-mono text-xs"
      />
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {t("importInvalid")}
        </p>
      ) : null}
      <Button type="submit" variant="secondary">
        {t("importButton")}
      </Button>
    </form>
  );
}
