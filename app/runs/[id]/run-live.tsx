"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { TLiveEpoch, TLiveEvent } from "@/lib/runs/live-stream";
import { LinesChart } from "../../_components/charts/charts";
import type { TLineMark, TRange } from "../../_components/charts/options";

type TEpoch = TLiveEpoch;

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELED"]);

/** Progress, live curves and the epoch log of a run, from its server-sent events; resumes after a reload. */
export function RunLive({
  runId,
  initialStatus,
  initialEpochs,
  epochsTotal,
  metricName,
  metricLabel,
  metricRange,
  marks,
  earlyNote,
}: {
  runId: string;
  initialStatus: string;
  /** What the server read with the page, so the first paint already shows them; the stream continues from there. */
  initialEpochs: TEpoch[];
  epochsTotal: number;
  /** The metric as the worker's log names it (acc, mae). */
  metricName: string;
  /** The metric in the reader's language, for the chart. */
  metricLabel: string;
  metricRange: TRange;
  /** Early stopping and the restored best epoch, for a finished run (lib/runs/early-stopping.ts). */
  marks: TLineMark[];
  earlyNote: string | null;
}) {
  const t = useTranslations("run");
  const router = useRouter();
  const [status, setStatus] = useState(initialStatus);
  const [epochs, setEpochs] = useState<TEpoch[]>(initialEpochs);
  const [eta, setEta] = useState<number | null>(null);
  const [connected, setConnected] = useState(true);
  const refreshed = useRef(false);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let ended = false;
    const connect = () => {
      const current = new EventSource(`/api/runs/${runId}/events`);
      source = current;
      current.onopen = () => {
        failures = 0;
        setConnected(true);
      };
      current.onmessage = (message) => {
        const event = JSON.parse(message.data as string) as TLiveEvent;
        if (event.type === "snapshot") {
          setStatus(event.status);
          setEpochs(event.epochs);
          setEta(event.etaSeconds);
        } else if (event.type === "epoch") {
          setStatus("RUNNING");
          setEpochs((list) => [...list.filter((e) => e.epoch !== event.epoch && e.epoch < event.epoch), event]);
          setEta(event.etaSeconds);
        } else if (event.type === "status") {
          setStatus(event.status);
          if (event.status === "RUNNING") setEpochs([]);
        }
        // The run is over and the server ends the stream: close it here too, or the browser would reconnect.
        if (event.type !== "epoch" && TERMINAL.has(event.status)) {
          ended = true;
          current.close();
        }
      };
      current.onerror = () => {
        // A dropped stream: the browser reconnects by itself, sending Last-Event-ID, and gets only what it missed.
        // A refused one (429 at a cap, 503 while Redis is down) closes the EventSource for good: try again later,
        // with backoff and jitter so that many pages do not come back at once. A new EventSource gets a snapshot.
        if (ended || current.readyState !== EventSource.CLOSED) return;
        setConnected(false);
        const delay = Math.min(60_000, 5_000 * 2 ** failures++) * (0.5 + Math.random());
        retry = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      ended = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [runId]);

  useEffect(() => {
    if (TERMINAL.has(status) && !TERMINAL.has(initialStatus) && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [status, initialStatus, router]);

  const done = epochs.at(-1)?.epoch ?? 0;
  const percent = status === "SUCCEEDED" ? 100 : Math.round((done / Math.max(1, epochsTotal)) * 100);
  const lossSeries = useMemo(
    () => [
      { name: t("trainLoss"), points: epochs.map((e) => [e.epoch, e.trainLoss] as [number, number]) },
      {
        name: t("valLoss"),
        points: epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss!] as [number, number]),
      },
    ],
    [epochs, t],
  );
  const metricSeries = useMemo(
    () => [
      {
        name: t("seriesTrain", { metric: metricLabel }),
        points: epochs.filter((e) => e.trainMetric !== null).map((e) => [e.epoch, e.trainMetric!] as [number, number]),
      },
      {
        name: t("seriesValidation", { metric: metricLabel }),
        points: epochs.filter((e) => e.valMetric !== null).map((e) => [e.epoch, e.valMetric!] as [number, number]),
      },
    ],
    [epochs, metricLabel, t],
  );

  return (
    <section className="min-w-0 space-y-4 rounded-lg border border-stone-200 bg-white p-4" aria-label={t("progress")}>
      <div>
        <div className="mb-1 flex justify-between text-sm">
          <span data-testid="run-progress-label">{t("epochOf", { done, total: epochsTotal })}</span>
          <span className="text-stone-500">
            {!connected && !TERMINAL.has(status) ? (
              <span className="mr-2 text-amber-700" data-testid="run-live-retrying">
                {t("liveRetrying")}
              </span>
            ) : null}
            {status === "RUNNING" && eta !== null ? t("eta", { seconds: eta }) : t(`status.${status}`)}
          </span>
        </div>
        <div
          className="h-2 overflow-hidden rounded-full bg-stone-200"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          data-testid="run-progress"
        >
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      </div>
      {epochs.length ? (
        <div className="grid gap-4 md:grid-cols-2 [&>*]:min-w-0">
          <LinesChart series={lossSeries} label={t("lossChart")} xName={t("epoch")} marks={marks} />
          <LinesChart
            series={metricSeries}
            label={t("metricChart")}
            xName={t("epoch")}
            yRange={metricRange}
            marks={marks}
          />
        </div>
      ) : (
        <p className="text-sm text-stone-500">{status === "QUEUED" ? t("waiting") : t("noEpochs")}</p>
      )}
      {earlyNote && epochs.length ? (
        <p className="text-sm text-stone-600" data-testid="run-early-stop">
          {earlyNote}
        </p>
      ) : null}
      {epochs.length ? (
        <pre
          className="max-h-48 overflow-auto rounded bg-stone-950 p-3 font-mono text-xs text-stone-200"
          data-testid="run-log"
        >
          {epochs
            .slice(-10)
            .map(
              (e) =>
                `epoch ${String(e.epoch).padStart(3)}  loss ${e.trainLoss.toFixed(4)}  val_loss ${e.valLoss?.toFixed(4) ?? "–"}  ${metricName} ${e.trainMetric?.toFixed(4) ?? "–"}  val_${metricName} ${e.valMetric?.toFixed(4) ?? "–"}${e.samplesPerSec ? `  ${Math.round(e.samplesPerSec)} samples/s` : ""}`,
            )
            .join("\n")}
        </pre>
      ) : null}
    </section>
  );
}
