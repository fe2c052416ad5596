import type { Metadata } from "next";
import Link from "next/link";
import { FineTunedFrom } from "@/app/_components/fine-tuned-from";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { datasetShapeInfo } from "@/lib/configs/dataset-info";
import { getRevision } from "@/lib/configs/queries";
import { getConfigForRequest } from "@/app/_server/queries";
import { fineTuneBase } from "@/lib/configs/fine-tune";
import { analyzeWithBase } from "@/lib/configs/fine-tune-shapes";
import type { TConfigSpec } from "@/lib/configs/spec";
import { Badge } from "@/app/_components/ui/badge";
import { currentUser } from "@/app/_server/auth";
import { WatchControl } from "@/app/_components/watch-control";
import { Report } from "@/app/moderation/_components/report";
import { forkConfigAction } from "../../actions";
import { datasetChoices } from "@/lib/configs/dataset-info";
import { RunForm } from "./run-form";
import { baseRunCredit, listRuns } from "@/lib/runs/queries";
import { RunsTable } from "@/app/runs/runs-table";
import {
  DiscussionPanel,
  discussionCounts,
  type TDiscussionThing,
} from "@/app/discussions/_components/discussion-panel";

export const dynamic = "force-dynamic";
type TProps = { params: Promise<{ owner: string; slug: string }>; searchParams: Promise<{ r?: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { owner, slug } = await params;
  return { title: (await getConfigForRequest(owner, slug, await currentUser()))?.title };
}

export default async function ConfigPage({ params, searchParams }: TProps) {
  const [{ owner, slug }, { r }, viewer] = await Promise.all([params, searchParams, currentUser()]);
  const config = await getConfigForRequest(owner, slug, viewer);
  if (!config) notFound();
  const [t, td, te, format] = await Promise.all([
    getTranslations("config"),
    getTranslations("datasets"),
    getTranslations("configEditor"),
    getFormatter(),
  ]);
  const head = config.revisions[0]!.number;
  const number = config.revisions.some((x) => x.number === Number(r)) ? Number(r) : head;
  const revision = (await getRevision(config.id, number))!;
  const spec = revision.spec as TConfigSpec;
  const dataset = config.designedForVersionId ? await datasetShapeInfo(config.designedForVersionId, viewer) : null;
  // A fine-tuned config's layers sit on its base run's model: shapes and parameters count the base too.
  const baseLookup = spec.fineTune ? await fineTuneBase(spec.fineTune.baseRunId, viewer) : undefined;
  const analysis = dataset ? analyzeWithBase(spec, dataset, baseLookup).analysis : null;
  const baseCredit = spec.fineTune ? await baseRunCredit(spec.fineTune.baseRunId, viewer) : null;
  const base = `/configs/${config.owner.handle}/${config.slug}`;
  const isOwner = viewer?.id === config.ownerId;
  const opt = spec.training.optimizer;
  const parent = config.forkedFrom;
  const thing: TDiscussionThing = { kind: "config", configId: config.id };
  const [runs, tr, tdisc, discussion] = await Promise.all([
    listRuns({ configId: config.id }, viewer),
    getTranslations("run"),
    getTranslations("discussions"),
    discussionCounts(thing, viewer),
  ]);

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <p className="text-sm text-stone-500">
          <Link href="/configs" className="hover:underline">
            {(await getTranslations("configs"))("title")}
          </Link>{" "}
          /{" "}
          <Link href={`/u/${config.owner.handle}`} className="hover:underline">
            @{config.owner.handle}
          </Link>{" "}
          / {config.slug}
        </p>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold tracking-tight text-stone-900 sm:text-3xl">
              {config.title}
            </h1>
            <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
              <Badge tone="brand">{td(`task.${config.taskType}`)}</Badge>
              {config.visibility !== "PUBLIC" ? (
                <Badge tone="amber">{td(`visibility.${config.visibility}`)}</Badge>
              ) : null}
              {parent ? (
                <span className="text-stone-600" data-testid="forked-from">
                  {t.rich("forkedFrom", {
                    number: parent.number,
                    link: () => (
                      <Link
                        href={`/configs/${parent.config.owner.handle}/${parent.config.slug}?r=${parent.number}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        @{parent.config.owner.handle}/{parent.config.slug}
                      </Link>
                    ),
                  })}
                </span>
              ) : null}
              {baseCredit ? <FineTunedFrom credit={baseCredit} className="text-stone-600" /> : null}
              <Link href={`${base}/lineage`} className="text-stone-600 hover:underline" data-testid="fork-count">
                {t("forks", { count: config.forkCount })}
              </Link>
              <Link href="#discussion" className="text-stone-600 hover:underline" data-testid="discussion-link">
                {tdisc("tab", { count: discussion.total })}
              </Link>
            </div>
          </div>
          <div className="flex shrink-0 flex-wrap gap-2">
            <WatchControl kind="config" id={config.id} />
            {isOwner ? (
              <Link
                href={`${base}/edit`}
                className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
              >
                {t("edit")}
              </Link>
            ) : null}
            <Link
              href={`${base}/lineage`}
              className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
            >
              {t("lineage")}
            </Link>
            <a
              href={`/api${base}/revisions/${number}?download=1`}
              className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
            >
              {t("export")}
            </a>
            <Report kind="CONFIG" targetId={config.id} viewer={viewer} ownerId={config.ownerId} />
            {viewer ? (
              <form action={forkConfigAction.bind(null, config.id, number)}>
                <button
                  type="submit"
                  className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
                >
                  {number === head ? t("fork") : t("forkOf", { number })}
                </button>
              </form>
            ) : (
              <Link
                href={`/signin?callbackUrl=${encodeURIComponent(base)}`}
                className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white"
              >
                {t("signInToFork")}
              </Link>
            )}
          </div>
        </div>
        {config.description ? (
          <p className="max-w-3xl whitespace-pre-line text-stone-700">{config.description}</p>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-6">
          <section className="rounded-lg border border-stone-200 bg-white p-4">
            <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="font-semibold text-stone-900">
                {t("layers")} <span className="font-normal text-stone-500">· {t("revision", { number })}</span>
              </h2>
              <span className="text-sm text-stone-600">
                {analysis && dataset
                  ? t("totalParams", { count: format.number(analysis.totalParams), dataset: dataset.label })
                  : t("noDataset")}
              </span>
            </div>
            <div className="overflow-x-auto">
              <table className="min-w-full text-left text-sm" data-testid="layer-table">
                <thead className="text-xs uppercase tracking-wide text-stone-500">
                  <tr>
                    <th className="py-1 pr-3">#</th>
                    <th className="py-1 pr-3">{t("layer")}</th>
                    <th className="py-1 pr-3">{t("output")}</th>
                    <th className="py-1 text-right">{t("params")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {spec.model.layers.map((layer, i) => {
                    const { type, ...rest } = layer;
                    const info = analysis?.layers[i];
                    return (
                      <tr key={i}>
                        <td className="py-1.5 pr-3 text-stone-400">{i + 1}</td>
                        <td className="py-1.5 pr-3">
                          <span className="font-medium">{te(`layerTypes.${type}`)}</span>{" "}
                          {/* The spec's own field names and values: code, the same in every language. */}
                          <code className="font-mono text-xs text-stone-500">
                            {Object.entries(rest)
                              .filter(([, v]) => v !== undefined && typeof v !== "object")
                              .map(([k, v]) => `${k}=${String(v)}`)
                              .join(" ")}
                          </code>
                        </td>
                        <td className="py-1.5 pr-3 font-mono text-xs">
                          {info ? `[${info.outputShape.join(", ")}]` : "–"}
                        </td>
                        <td className="py-1.5 text-right font-mono text-xs">
                          {info ? format.number(info.params) : "–"}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          {runs.items.length ? (
            <section aria-labelledby="config-runs">
              <h2 id="config-runs" className="mb-2 font-semibold text-stone-900">
                {tr("runsOfConfig")}
              </h2>
              <RunsTable items={runs.items} hide={["config"]} />
            </section>
          ) : null}
          <section className="rounded-lg border border-stone-200 bg-white p-4 text-sm">
            <h2 className="mb-2 font-semibold text-stone-900">{t("training")}</h2>
            <p>
              {t("optimizerLine", {
                optimizer: opt.type,
                lr: String(opt.learningRate),
                epochs: spec.training.epochs,
                batch: spec.training.batchSize,
              })}
            </p>
            {spec.training.earlyStopping.enabled ? (
              <p className="text-stone-600">
                {t("earlyStoppingOn", {
                  monitor: spec.training.earlyStopping.monitor,
                  patience: spec.training.earlyStopping.patience,
                })}
              </p>
            ) : null}
            <details className="mt-3">
              <summary className="cursor-pointer text-stone-600">{t("spec")}</summary>
              <pre className="mt-2 max-h-[28rem] overflow-auto rounded bg-stone-950 p-3 font-mono text-xs text-stone-100">
                {JSON.stringify(spec, null, 2)}
              </pre>
            </details>
          </section>
          <DiscussionPanel thing={thing} viewer={viewer} />
        </div>
        <aside className="space-y-4">
          {viewer ? (
            <RunForm
              revisionId={revision.id}
              datasets={(await datasetChoices(viewer)).filter((d) => d.taskType === config.taskType)}
              defaultDatasetId={config.designedForVersionId}
            />
          ) : null}
          <section className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="mb-2 font-semibold text-stone-900">{t("revisions")}</h2>
            <ol className="space-y-2 text-sm" data-testid="revision-list">
              {config.revisions.map((rev, i) => (
                <li key={rev.id} className={rev.number === number ? "font-medium" : ""}>
                  <Link href={`${base}?r=${rev.number}`} className="hover:underline">
                    r{rev.number}
                  </Link>
                  {rev.number === head ? <span className="ml-1 text-xs text-stone-500">({t("latest")})</span> : null}
                  <span className="ml-2 break-words font-normal text-stone-600">
                    {rev.message ||
                      // A parent the viewer may not follow goes unnamed, and unmentioned (lib/permissions/configs.ts).
                      (rev.number === 1
                        ? parent
                          ? t("forkedRevision", {
                              source: `@${parent.config.owner.handle}/${parent.config.slug}`,
                              number: parent.number,
                            })
                          : t("firstRevision")
                        : null)}
                  </span>
                  <span className="block text-xs font-normal text-stone-400">
                    {format.dateTime(rev.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </span>
                  {config.revisions[i + 1] ? (
                    <Link
                      href={`${base}/diff?a=${config.revisions[i + 1]!.number}&b=${rev.number}`}
                      className="text-xs font-normal text-brand-700 hover:underline"
                    >
                      {t("compare")} r{config.revisions[i + 1]!.number} → r{rev.number}
                    </Link>
                  ) : null}
                </li>
              ))}
            </ol>
            {parent ? (
              <Link
                href={`${base}/diff?parent=1&b=${number}`}
                className="mt-3 block text-sm text-brand-700 hover:underline"
              >
                {t("compareWithParent")}
              </Link>
            ) : null}
          </section>
        </aside>
      </div>
    </div>
  );
}
