import type { Metadata } from "next";
import Link from "next/link";
import { FineTunedFrom } from "@/app/_components/fine-tuned-from";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { formatDuration } from "@/lib/format";
import { runPlacement } from "@/lib/leaderboards/queries";
import { queuePosition, typicalRunSeconds } from "@/lib/runs/queries";
import { earlyStopMarks } from "@/lib/runs/early-stopping";
import { getRunForRequest } from "../../_server/queries";
import { Badge } from "../../_components/ui/badge";
import { ButtonLink } from "../../_components/ui/button";
import { FormAlert } from "../../_components/ui/field";
import { currentUser } from "../../_server/auth";
import { WatchControl } from "../../_components/watch-control";
import { cancelRunAction, rerunAction } from "../actions";
import { forkConfigAction } from "../../configs/actions";
import {
  DiscussionPanel,
  discussionCounts,
  newThreadHref,
  type TDiscussionThing,
} from "../../discussions/_components/discussion-panel";
import { MetricsView } from "./metrics-view";
import { RunLive } from "./run-live";

export const dynamic = "force-dynamic";
type TProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const run = await getRunForRequest((await params).id, await currentUser());
  if (!run) return {};
  const t = await getTranslations("run");
  return { title: t("pageTitle", { config: run.config.title, dataset: run.datasetVersion.dataset.title }) };
}

const TONE = { QUEUED: "neutral", RUNNING: "amber", SUCCEEDED: "brand", FAILED: "red", CANCELED: "neutral" } as const;
const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELED"]);

export default async function RunPage({ params }: TProps) {
  const [{ id }, viewer] = await Promise.all([params, currentUser()]);
  const run = await getRunForRequest(id, viewer);
  if (!run) notFound();
  const [t, te, format, locale] = await Promise.all([
    getTranslations("run"),
    getTranslations("runErrors"),
    getFormatter(),
    getLocale(),
  ]);
  const thing: TDiscussionThing = { kind: "run", runId: run.id };
  const [position, placement, tm, td, discussion] = await Promise.all([
    queuePosition(run),
    run.status === "SUCCEEDED"
      ? runPlacement({ id: run.id, userId: run.userId, datasetVersionId: run.datasetVersion.id })
      : null,
    getTranslations("metrics"),
    getTranslations("discussions"),
    discussionCounts(thing, viewer),
  ]);
  const ask = newThreadHref(thing, "QUESTION");
  const typical = position ? await typicalRunSeconds() : null;
  const isOwner = viewer?.id === run.userId;
  const classification = run.datasetVersion.taskType === "CLASSIFICATION";
  const ds = run.datasetVersion.dataset;
  const artifacts = run.artifacts as { totalParams?: number } | null;
  // The epochs recorded so far, rendered with the page: the live stream only adds to them.
  const initialEpochs = run.epochs.map((e) => ({
    epoch: e.epoch,
    trainLoss: e.trainLoss,
    valLoss: e.valLoss,
    trainMetric: e.trainMetric,
    valMetric: e.valMetric,
    learningRate: e.learningRate,
    samplesPerSec: e.samplesPerSec,
  }));
  const early = earlyStopMarks({
    status: run.status,
    epochsTotal: run.epochsTotal,
    spec: run.configRevision.spec,
    classification,
    epochs: run.epochs,
  });
  // Short labels on the curves; the sentence under them says the same in words.
  const marks = [
    ...(early.restoredEpoch !== null ? [{ x: early.restoredEpoch, label: t("markBest") }] : []),
    ...(early.stoppedAfter !== null ? [{ x: early.stoppedAfter, label: t("markStopped") }] : []),
  ];
  const earlyNote = [
    early.stoppedAfter !== null ? t("stoppedEarly", { epoch: early.stoppedAfter, total: run.epochsTotal }) : null,
    early.restoredEpoch !== null ? t("restoredEpoch", { epoch: early.restoredEpoch }) : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const snippet = `import * as tf from "@tensorflow/tfjs";\n\nconst model = await tf.loadLayersModel("${origin}/api/runs/${run.id}/artifacts/model.json");\n// ${t("snippetComment")}\nconst prediction = model.predict(tf.tensor2d([features]));`;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm text-stone-500">
          <Link href="/runs" className="hover:underline">
            {t("runs")}
          </Link>{" "}
          / <span translate="no">{run.id}</span>
        </p>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold text-stone-900">
              <Link
                href={`/configs/${run.config.owner.handle}/${run.config.slug}?r=${run.configRevision.number}`}
                className="hover:underline"
              >
                {run.config.title}
              </Link>{" "}
              <span className="text-stone-400">r{run.configRevision.number}</span>{" "}
              <span className="font-normal text-stone-500">{t("on")}</span>{" "}
              <Link
                href={`/datasets/${ds.owner.handle}/${ds.slug}?v=${run.datasetVersion.number}`}
                className="hover:underline"
              >
                {ds.title}
              </Link>{" "}
              <span className="text-stone-400">v{run.datasetVersion.number}</span>
            </h1>
            <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-stone-600">
              <Badge tone={TONE[run.status]}>
                <span data-testid="run-status">{t(`status.${run.status}`)}</span>
              </Badge>
              <span>
                {t("by")}{" "}
                <Link href={`/u/${run.user.handle}`} className="hover:underline">
                  @{run.user.handle}
                </Link>
              </span>
              <span>{t("seed", { seed: run.seed })}</span>
              {run.base ? <FineTunedFrom credit={run.base} /> : null}
              {run.base?.visible ? (
                <Link
                  href={`/compare?run=${run.base.id}&run=${run.id}`}
                  className="text-brand-700 hover:underline"
                  data-testid="compare-with-base"
                >
                  {t("compareWithBase")}
                </Link>
              ) : null}
              {run.backend ? (
                <span>{t("backend", { backend: run.backend, version: run.tfjsVersion ?? "" })}</span>
              ) : null}
              {placement ? (
                <Link
                  href={`/leaderboards/${ds.owner.handle}/${ds.slug}?v=${run.datasetVersion.number}&metric=${placement.metric}`}
                  className="text-brand-700 hover:underline"
                  data-testid="board-link"
                >
                  {placement.rank
                    ? t("rankOnBoard", { rank: placement.rank, metric: tm(placement.metric) })
                    : t("board")}
                </Link>
              ) : null}
              <Link href="#discussion" className="text-brand-700 hover:underline" data-testid="discussion-link">
                {td("tab", { count: discussion.total })}
              </Link>
              {position ? (
                <span data-testid="queue-position">
                  {t("position", { position })}
                  {typical
                    ? ` · ${t("queuedEta", { minutes: Math.max(1, Math.round((position * typical) / 60)) })}`
                    : ""}
                </span>
              ) : null}
            </div>
          </div>
          {viewer ? (
            <div className="flex shrink-0 flex-wrap gap-2">
              <WatchControl kind="run" id={run.id} />
              {run.status === "SUCCEEDED" ? (
                <Link
                  href={`/configs/new?base=${run.id}`}
                  className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
                  data-testid="fine-tune-link"
                >
                  {t("fineTune")}
                </Link>
              ) : null}
              <form action={forkConfigAction.bind(null, run.config.id, run.configRevision.number)}>
                <button
                  type="submit"
                  className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
                >
                  {t("forkConfig")}
                </button>
              </form>
              {isOwner ? (
                <>
                  {run.status === "QUEUED" || run.status === "RUNNING" ? (
                    <form action={cancelRunAction.bind(null, run.id)}>
                      <button
                        type="submit"
                        disabled={run.cancelRequested}
                        className="rounded-md border border-red-300 bg-white px-3 py-2 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50"
                      >
                        {run.cancelRequested ? t("canceling") : t("cancel")}
                      </button>
                    </form>
                  ) : null}
                  {/* Re-run is for a finished run: while it is queued or training, the only action is to cancel it. */}
                  {FINISHED.has(run.status) ? (
                    <form action={rerunAction.bind(null, run.id)}>
                      <button
                        type="submit"
                        className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
                      >
                        {t("rerun")}
                      </button>
                    </form>
                  ) : null}
                </>
              ) : null}
            </div>
          ) : null}
        </div>
      </header>

      {run.status === "FAILED" ? (
        <div className="space-y-3">
          <FormAlert>
            <span data-testid="run-error">
              {te.has((run.error ?? "").replace(/^runErrors\./, "") as "infrastructure")
                ? te(
                    (run.error ?? "").replace(/^runErrors\./, "") as "infrastructure",
                    (run.errorValues ?? {}) as Record<string, string | number>,
                  )
                : run.error}
            </span>
          </FormAlert>
          {/* The new-thread page prefills the question with this run's error. */}
          <div className="flex flex-col gap-3 rounded-lg border border-brand-100 bg-brand-50/40 p-4 sm:flex-row sm:items-center sm:justify-between">
            <p className="min-w-0 text-sm text-stone-700">{td("askAboutRunHint")}</p>
            <ButtonLink
              href={viewer ? ask : `/signin?callbackUrl=${encodeURIComponent(ask)}`}
              className="shrink-0"
              data-testid="ask-about-run"
            >
              {td("askAboutRun")}
            </ButtonLink>
          </div>
        </div>
      ) : null}

      <RunLive
        runId={run.id}
        initialStatus={run.status}
        initialEpochs={initialEpochs}
        epochsTotal={run.epochsTotal}
        metricName={classification ? "acc" : "mae"}
        metricLabel={t(classification ? "metrics.accuracy" : "metrics.mae")}
        metricRange={classification ? { min: 0, max: 1 } : { min: 0 }}
        marks={marks}
        earlyNote={earlyNote || null}
      />

      {run.status === "SUCCEEDED" && run.metrics ? (
        <MetricsView
          metrics={run.metrics as never}
          classes={run.datasetVersion.classes as string[]}
          privateShown={run.privateShown}
        />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        {run.status === "SUCCEEDED" && artifacts ? (
          <section className="min-w-0 rounded-lg border border-stone-200 bg-white p-4 text-sm">
            <h2 className="mb-2 font-semibold text-stone-900">{t("artifacts")}</h2>
            <p className="mb-2 text-stone-600">{t("params", { count: format.number(artifacts.totalParams ?? 0) })}</p>
            <ul className="mb-3 flex flex-wrap gap-3">
              {["model.json", "weights.bin", "preprocessing.json"].map((f) => (
                <li key={f}>
                  <a
                    href={`/api/runs/${run.id}/artifacts/${f}`}
                    download
                    translate="no"
                    className="font-mono text-brand-700 hover:underline"
                  >
                    {f}
                  </a>
                </li>
              ))}
            </ul>
            <pre className="overflow-x-auto rounded bg-stone-950 p-3 font-mono text-xs text-stone-100">{snippet}</pre>
          </section>
        ) : null}
        <section className="min-w-0 rounded-lg border border-stone-200 bg-white p-4 text-sm">
          <h2 className="mb-2 font-semibold text-stone-900">{t("reproducibility")}</h2>
          <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-2 gap-y-1">
            <dt className="text-stone-500">{t("configHash")}</dt>
            <dd className="break-all font-mono text-xs" translate="no">
              {run.configHash}
            </dd>
            <dt className="text-stone-500">{t("datasetHash")}</dt>
            <dd className="break-all font-mono text-xs" translate="no">
              {run.datasetHash}
            </dd>
            <dt className="text-stone-500">{t("worker")}</dt>
            <dd>
              <span translate="no">{run.workerHost ?? "–"}</span>{" "}
              {run.attempt > 1 ? `(${t("attempt", { attempt: run.attempt })})` : ""}
            </dd>
            <dt className="text-stone-500">{t("queued")}</dt>
            <dd>{format.dateTime(run.queuedAt, { dateStyle: "medium", timeStyle: "medium" })}</dd>
            {run.startedAt ? (
              <>
                <dt className="text-stone-500">{t("started")}</dt>
                <dd>{format.dateTime(run.startedAt, { dateStyle: "medium", timeStyle: "medium" })}</dd>
              </>
            ) : null}
            {run.finishedAt && run.startedAt ? (
              <>
                <dt className="text-stone-500">{t("duration")}</dt>
                <dd>{formatDuration((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000, locale)}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>

      <DiscussionPanel thing={thing} viewer={viewer} />
    </div>
  );
}
