import type { Metadata } from "next";
import Link from "next/link";
import { FineTunedFrom } from "@/app/_components/fine-tuned-from";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getConfig, getLineage, getRevision } from "@/lib/configs/queries";
import { ZConfigSpec } from "@/lib/configs/spec";
import { baseRunCredit, fineTunesOfConfig } from "@/lib/runs/queries";
import { currentUser } from "@/app/_server/auth";
import { LineageGraph } from "./lineage-graph";

export const dynamic = "force-dynamic";
type TProps = { params: Promise<{ owner: string; slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("config"))("lineageTitle") };
}

export default async function LineagePage({ params }: TProps) {
  const [{ owner, slug }, viewer] = await Promise.all([params, currentUser()]);
  const config = await getConfig(owner, slug, viewer);
  if (!config) notFound();
  const t = await getTranslations("config");
  const [nodes, fineTunes] = await Promise.all([getLineage(config.id, viewer), fineTunesOfConfig(config.id, viewer)]);
  // The head revision's base run, when this config fine-tunes another member's model.
  const spec = ZConfigSpec.safeParse((await getRevision(config.id, config.revisions[0]!.number))?.spec);
  const startsFrom =
    spec.success && spec.data.fineTune ? await baseRunCredit(spec.data.fineTune.baseRunId, viewer) : null;
  const base = `/configs/${config.owner.handle}/${config.slug}`;
  return (
    <div className="space-y-4">
      <p className="text-sm text-stone-500">
        <Link href={base} className="hover:underline">
          @{config.owner.handle}/{config.slug}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold text-stone-900">{t("lineageTitle")}</h1>
      <p className="text-stone-600">{t("lineageLead")}</p>
      <LineageGraph
        nodes={nodes}
        currentId={config.id}
        label={t("lineageTitle")}
        nodeLabels={Object.fromEntries(
          nodes.map((n) => [
            n.id,
            {
              revisions: t("lineageRevisions", { count: n.revisionCount }),
              forkedAt: n.forkedAtRevision ? t("lineageForkedAt", { number: n.forkedAtRevision }) : null,
            },
          ]),
        )}
      />
      {/* The same tree as an indented list: readable without the chart and by screen readers. */}
      <ul className="space-y-1 rounded-lg border border-stone-200 bg-white p-4 text-sm" data-testid="lineage-list">
        {nodes.map((n) => (
          <li key={n.id} style={{ paddingLeft: `${(n.depth - (nodes[0]?.depth ?? 0)) * 1.25}rem` }}>
            <Link
              href={`/configs/${n.owner}/${n.slug}`}
              className={n.id === config.id ? "font-semibold text-brand-700" : "text-stone-800 hover:underline"}
            >
              @{n.owner}/{n.slug}
            </Link>
            <span className="ml-2 text-stone-500">{n.title}</span>
            {n.forkedAtRevision ? <span className="ml-2 text-xs text-stone-400">r{n.forkedAtRevision} →</span> : null}
            {n.id === config.id ? <span className="ml-2 text-xs text-stone-500">({t("you")})</span> : null}
          </li>
        ))}
      </ul>
      <section className="space-y-2" data-testid="model-lineage">
        <h2 className="text-lg font-semibold text-stone-900">{t("modelLineageTitle")}</h2>
        {startsFrom ? (
          <p className="text-sm text-stone-700" data-testid="lineage-base">
            <FineTunedFrom credit={startsFrom} />
          </p>
        ) : null}
        {fineTunes.length ? (
          <ul
            className="space-y-1 rounded-lg border border-stone-200 bg-white p-4 text-sm"
            data-testid="lineage-fine-tunes"
          >
            {fineTunes.map((f) => (
              <li key={f.id}>
                <Link href={`/runs/${f.id}`} className="text-stone-800 hover:underline">
                  @{f.config.owner.handle}/{f.config.slug}
                </Link>
                <span className="ml-2 text-stone-500">
                  {t("modelLineageOn", { dataset: f.datasetVersion.dataset.title, number: f.datasetVersion.number })}
                </span>
                <span className="ml-2 text-xs text-stone-400">
                  {t("modelLineageFrom", { run: (f.baseRunId ?? "").slice(-7) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("modelLineageEmpty")}</p>
        )}
      </section>
      {nodes.length <= 1 ? <p className="text-sm text-stone-500">{t("lineageEmpty")}</p> : null}
    </div>
  );
}
