import { getFormatter, getTranslations } from "next-intl/server";
import type { TColumnProfile } from "@/lib/datasets/profile";
import type { TScript } from "@/lib/text/tokenize";
import { formatStat } from "@/lib/format";
import { HistogramChart } from "@/app/_components/charts/charts";

type TTextStats = NonNullable<TColumnProfile["text"]>;

/** The profile of a text column (issue 17): lengths, scripts, tokens per row and the most frequent tokens. */
export async function TextSummary({ column, text }: { column: string; text: TTextStats }) {
  const [t, format] = await Promise.all([getTranslations("dataset"), getFormatter()]);
  const scriptName = (script: TScript) => t(`scriptNames.${script}`);
  const byScript = text.topTokensByScript ?? [];
  const lists = byScript.length > 1 ? byScript : [{ script: null, tokens: text.topTokens ?? [] }];
  return (
    <div className="space-y-1.5" data-testid="text-summary">
      <p className="text-xs text-stone-600">
        {t("textLengthRange", {
          min: format.number(text.minLength ?? 0),
          max: format.number(text.maxLength),
          mean: formatStat(text.meanLength),
        })}
        {text.meanTokens !== undefined ? (
          <> · {t("meanTokens", { count: format.number(text.meanTokens, { maximumFractionDigits: 1 }) })}</>
        ) : null}
      </p>
      {text.scripts?.length ? (
        <p className="text-xs text-stone-600">
          {t("scripts", {
            scripts: format.list(
              text.scripts.map((s) =>
                t("scriptShare", { script: scriptName(s.script), share: format.number(s.share, { style: "percent" }) }),
              ),
              { type: "conjunction" },
            ),
          })}
        </p>
      ) : null}
      {text.lengthHistogram ? (
        <HistogramChart
          edges={text.lengthHistogram.edges}
          counts={text.lengthHistogram.counts}
          label={`${column}: ${t("textLengths")}`}
          height={80}
        />
      ) : null}
      {lists.map(({ script, tokens }) =>
        tokens.length ? (
          <div key={script ?? "all"}>
            <p className="text-xs font-medium text-stone-500">
              {t("topTokens")}
              {script ? ` · ${scriptName(script)}` : ""}
            </p>
            <ul className="mt-0.5 flex flex-wrap gap-1" data-user-content lang={script === "han" ? "zh" : undefined}>
              {tokens.slice(0, 10).map((token) => (
                <li key={token.value} className="rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">
                  {token.value} <span className="text-stone-400">{format.number(token.count)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </div>
  );
}
