import Link from "next/link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { formatStat } from "@/lib/format";
import type { TReferenceCard } from "@/lib/discussions/references";
import { Badge } from "@/app/_components/ui/badge";
import { UserText } from "@/app/_components/user-text";
import { RUN_TONE } from "./run-context";

const W = 96;
const H = 28;

/**
 * A run's training loss as a tiny line: drawn on the server as plain SVG (no chart library for a 96 px glyph),
 * scaled to its own range; the label says what it shows in words.
 */
function Sparkline({ values, label }: { values: number[]; label: string }) {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return null;
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  const span = max - min || 1;
  const points = finite
    .map((v, i) => `${((i / (finite.length - 1)) * W).toFixed(1)},${(H - 2 - ((v - min) / span) * (H - 4)).toFixed(1)}`)
    .join(" ");
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={label}
      className="shrink-0 text-brand-600"
      data-testid="ref-card-sparkline"
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}

function Shell({ card, kind, children }: { card: TReferenceCard; kind: string; children: ReactNode }) {
  const body = (
    <>
      <span className="text-[11px] font-semibold uppercase tracking-wide text-stone-400">{kind}</span>
      {children}
    </>
  );
  const common = "flex h-full min-w-0 flex-col gap-1 rounded-md border p-3 text-sm";
  return card.available ? (
    <Link
      href={card.href}
      className={`${common} border-stone-200 bg-white hover:border-brand-500 hover:bg-brand-50/40`}
      data-testid="ref-card"
      data-type={card.type}
    >
      {body}
    </Link>
  ) : (
    <div
      className={`${common} border-dashed border-stone-200 bg-stone-50 text-stone-500`}
      data-testid="ref-card"
      data-type={card.type}
      data-available="false"
    >
      {body}
    </div>
  );
}

const Title = ({ text, suffix }: { text: string; suffix?: string }) => (
  <span className="min-w-0 break-words font-medium text-stone-900">
    <UserText text={text} />
    {suffix ? <span className="ml-1 font-normal text-stone-400">{suffix}</span> : null}
  </span>
);

/**
 * References in a post (`run:…`, `config:…`, `dataset:…`, `diff:…`, `board:…`) as live cards, resolved for the viewer
 * by lib/discussions/references.ts. One the viewer may not see — or that does not exist — shows only what its
 * author typed, never a title.
 */
export async function ReferenceCards({ cards }: { cards: TReferenceCard[] }) {
  if (!cards.length) return null;
  const [t, tr, tm, td] = await Promise.all([
    getTranslations("refCard"),
    getTranslations("run"),
    getTranslations("metrics"),
    getTranslations("datasets.task"),
  ]);
  const score = (s: { metric: Parameters<typeof tm>[0]; value: number | null }) =>
    s.value === null ? t("noScore") : t("score", { metric: tm(s.metric), value: formatStat(s.value) });

  const render = (card: TReferenceCard): ReactNode => {
    if (!card.available)
      return (
        <Shell card={card} kind={t(`types.${card.type}`)}>
          <span className="text-xs font-medium">{t("notAvailable")}</span>
          <code className="break-all font-mono text-xs" translate="no">
            {card.raw}
          </code>
        </Shell>
      );
    switch (card.type) {
      case "run":
        return (
          <Shell card={card} kind={t("types.run")}>
            <span className="min-w-0 break-words font-medium text-stone-900">
              {t.rich("runTitle", {
                revision: card.config.revision,
                version: card.dataset.version,
                config: () => <UserText text={card.config.title} />,
                dataset: () => <UserText text={card.dataset.title} />,
                muted: (chunks) => <span className="font-normal text-stone-500">{chunks}</span>,
              })}
            </span>
            <span className="flex flex-wrap items-center justify-between gap-2">
              <span className="flex min-w-0 flex-wrap items-center gap-2">
                <Badge tone={RUN_TONE[card.status as keyof typeof RUN_TONE] ?? "neutral"}>
                  {tr(`status.${card.status as keyof typeof RUN_TONE}`)}
                </Badge>
                <span className="text-stone-700" data-testid="ref-card-score">
                  {score(card.score)}
                </span>
              </span>
              <Sparkline
                values={card.curve}
                label={t("curve", {
                  count: card.curve.length,
                  first: formatStat(card.curve[0] ?? NaN),
                  last: formatStat(card.curve.at(-1) ?? NaN),
                })}
              />
            </span>
          </Shell>
        );
      case "config":
        return (
          <Shell card={card} kind={t("types.config")}>
            <Title text={card.title} suffix={`r${card.revision}`} />
            <span className="text-xs text-stone-500">
              {t("revisionOf", { revision: card.revision, count: card.revisionCount })}
            </span>
          </Shell>
        );
      case "dataset":
        return (
          <Shell card={card} kind={t("types.dataset")}>
            <Title text={card.title} suffix={`v${card.version}`} />
            <span className="text-xs text-stone-500">
              {t("datasetLine", { rows: card.rows, task: td(card.taskType as "CLASSIFICATION") })}
            </span>
          </Shell>
        );
      case "diff":
        return (
          <Shell card={card} kind={t("types.diff")}>
            <Title text={card.title} />
            <span className="font-mono text-xs text-stone-500" translate="no">
              r{card.a}..r{card.b}
            </span>
          </Shell>
        );
      case "board":
        return (
          <Shell card={card} kind={t("types.board")}>
            <Title text={card.title} suffix={`v${card.version}`} />
            <span className="text-xs text-stone-500">
              {card.best.value === null
                ? t("noEntries")
                : t("boardLine", {
                    best: score(card.best),
                    count: card.entries,
                  })}
            </span>
          </Shell>
        );
    }
  };

  return (
    <ul
      className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,14rem),1fr))] gap-2"
      aria-label={t("listLabel")}
      data-testid="reference-cards"
    >
      {cards.map((card, i) => (
        <li key={`${i}:${card.raw}`} className="min-w-0">
          {render(card)}
        </li>
      ))}
    </ul>
  );
}
