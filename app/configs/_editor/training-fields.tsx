"use client";

import { useTranslations } from "next-intl";
import type { TDatasetShapeInfo } from "@/lib/configs/shapes";
import { getAt, setAt, type TDraft } from "./draft";
import { DatetimeFields } from "./datetime-fields";
import { TextFields } from "./text-fields";
import { CheckboxInput, NumberInput, SelectInput, options } from "./inputs";

type TProps = {
  draft: TDraft;
  onChange: (d: TDraft) => void;
  errorAt: (path: string) => string | undefined;
  dataset: TDatasetShapeInfo | null;
};

const OPTIMIZER_DEFAULTS: Record<string, Record<string, unknown>> = {
  sgd: { type: "sgd", learningRate: 0.01, momentum: 0.9, nesterov: false },
  adam: { type: "adam", learningRate: 0.001 },
  rmsprop: { type: "rmsprop", learningRate: 0.001 },
  adagrad: { type: "adagrad", learningRate: 0.01 },
};
const SCHEDULE_DEFAULTS: Record<string, Record<string, unknown>> = {
  constant: { type: "constant" },
  step: { type: "step", everyEpochs: 10, factor: 0.5 },
  exponential: { type: "exponential", decayRate: 0.95, decayEpochs: 1 },
  cosine: { type: "cosine", minLearningRate: 0 },
};

export function TrainingFields({ draft, onChange, errorAt }: TProps) {
  const t = useTranslations("configEditor");
  const at = (...p: (string | number)[]) => getAt(draft, p);
  const put = (p: (string | number)[], v: unknown) => onChange(setAt(draft, p, v));
  const num = (p: string[], label: string, step?: string) => (
    <NumberInput label={label} value={at(...p)} step={step} onChange={(v) => put(p, v)} error={errorAt(p.join("."))} />
  );
  const optimizer = String(at("training", "optimizer", "type") ?? "adam");
  const schedule = String(at("training", "schedule", "type") ?? "constant");
  const early = (at("training", "earlyStopping") ?? {}) as { enabled?: boolean };
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <SelectInput
        label={t("optimizer")}
        value={optimizer}
        options={options(Object.keys(OPTIMIZER_DEFAULTS))}
        onChange={(v) =>
          put(["training", "optimizer"], {
            ...OPTIMIZER_DEFAULTS[v],
            learningRate: at("training", "optimizer", "learningRate") ?? OPTIMIZER_DEFAULTS[v]!.learningRate,
          })
        }
      />
      {num(["training", "optimizer", "learningRate"], t("learningRate"), "0.0001")}
      {optimizer === "sgd" ? num(["training", "optimizer", "momentum"], t("momentum"), "0.01") : null}
      {optimizer === "sgd" ? (
        <div className="pt-5">
          <CheckboxInput
            label={t("nesterov")}
            checked={Boolean(at("training", "optimizer", "nesterov"))}
            onChange={(v) => put(["training", "optimizer", "nesterov"], v)}
          />
        </div>
      ) : null}
      <SelectInput
        label={t("schedule")}
        value={schedule}
        options={options(Object.keys(SCHEDULE_DEFAULTS))}
        onChange={(v) => put(["training", "schedule"], SCHEDULE_DEFAULTS[v])}
      />
      {schedule === "step" ? (
        <>
          {num(["training", "schedule", "everyEpochs"], t("everyEpochs"), "1")}
          {num(["training", "schedule", "factor"], t("factor"), "0.05")}
        </>
      ) : null}
      {schedule === "exponential" ? num(["training", "schedule", "decayRate"], t("decayRate"), "0.01") : null}
      {schedule === "cosine" ? num(["training", "schedule", "minLearningRate"], t("minLearningRate"), "0.0001") : null}
      <SelectInput
        label={t("loss")}
        value={at("training", "loss") ?? "auto"}
        options={options([
          "auto",
          "categoricalCrossentropy",
          "binaryCrossentropy",
          "meanSquaredError",
          "meanAbsoluteError",
          "huber",
        ])}
        onChange={(v) => put(["training", "loss"], v)}
      />
      {num(["training", "epochs"], t("epochs"), "1")}
      {num(["training", "batchSize"], t("batchSize"), "1")}
      {num(["training", "seed"], t("seed"), "1")}
      <SelectInput
        label={t("classWeights")}
        value={typeof at("training", "classWeights") === "string" ? at("training", "classWeights") : "none"}
        options={options(["none", "balanced"])}
        onChange={(v) => put(["training", "classWeights"], v)}
      />
      <div className="pt-5">
        <CheckboxInput
          label={t("earlyStopping")}
          checked={Boolean(early.enabled)}
          onChange={(v) =>
            put(["training", "earlyStopping"], {
              monitor: "val_loss",
              patience: 5,
              restoreBest: true,
              ...(at("training", "earlyStopping") as object),
              enabled: v,
            })
          }
        />
      </div>
      {early.enabled ? (
        <>
          {num(["training", "earlyStopping", "patience"], t("patience"), "1")}
          <SelectInput
            label={t("monitor")}
            value={at("training", "earlyStopping", "monitor") ?? "val_loss"}
            options={options(["val_loss", "val_accuracy"])}
            onChange={(v) => put(["training", "earlyStopping", "monitor"], v)}
          />
        </>
      ) : null}
    </div>
  );
}

export function PreprocessingFields({ draft, onChange, errorAt, dataset }: TProps) {
  const t = useTranslations("configEditor");
  const at = (...p: string[]) => getAt(draft, p);
  const put = (p: string[], v: unknown) => onChange(setAt(draft, p, v));
  const excluded = new Set((at("preprocessing", "excludeColumns") as string[] | undefined) ?? []);
  const candidates = (dataset?.columns ?? []).filter((c) => c.name !== dataset?.targetColumn);
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectInput
          label={t("numericScaling")}
          value={at("preprocessing", "numericScaling") ?? "standard"}
          options={options(["standard", "minMax", "none"])}
          onChange={(v) => put(["preprocessing", "numericScaling"], v)}
        />
        <NumberInput
          label={t("maxCategories")}
          value={at("preprocessing", "categoricalEncoding", "maxCategories") ?? 50}
          step="1"
          onChange={(v) => put(["preprocessing", "categoricalEncoding"], { type: "oneHot", maxCategories: v })}
          error={errorAt("preprocessing.categoricalEncoding.maxCategories")}
        />
        <SelectInput
          label={t("missingNumeric")}
          value={at("preprocessing", "missing", "numeric") ?? "mean"}
          options={options(["mean", "median", "constant", "dropRows"])}
          onChange={(v) => put(["preprocessing", "missing", "numeric"], v)}
        />
        <SelectInput
          label={t("missingCategorical")}
          value={at("preprocessing", "missing", "categorical") ?? "mostFrequent"}
          options={options(["mostFrequent", "constant", "dropRows"])}
          onChange={(v) => put(["preprocessing", "missing", "categorical"], v)}
        />
      </div>
      {dataset?.kind === "IMAGE" ? (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectInput
            label={t("normalization")}
            value={at("preprocessing", "image", "normalization") ?? "scale01"}
            options={options(["scale01", "standard", "none"])}
            onChange={(v) => put(["preprocessing", "image", "normalization"], v)}
          />
          <div className="pt-5">
            <CheckboxInput
              label={t("flip")}
              checked={Boolean(at("preprocessing", "image", "augmentation", "flipHorizontal"))}
              onChange={(v) => put(["preprocessing", "image", "augmentation", "flipHorizontal"], v)}
            />
          </div>
          <NumberInput
            label={t("rotation")}
            value={at("preprocessing", "image", "augmentation", "rotationDegrees") ?? 0}
            step="1"
            onChange={(v) => put(["preprocessing", "image", "augmentation", "rotationDegrees"], v)}
            error={errorAt("preprocessing.image.augmentation.rotationDegrees")}
          />
          <NumberInput
            label={t("shift")}
            value={at("preprocessing", "image", "augmentation", "shiftFraction") ?? 0}
            step="0.01"
            onChange={(v) => put(["preprocessing", "image", "augmentation", "shiftFraction"], v)}
            error={errorAt("preprocessing.image.augmentation.shiftFraction")}
          />
        </div>
      ) : null}
      <DatetimeFields draft={draft} onChange={onChange} errorAt={errorAt} dataset={dataset} />
      <TextFields draft={draft} onChange={onChange} errorAt={errorAt} dataset={dataset} />
      {candidates.length ? (
        <fieldset>
          <legend className="text-xs font-medium text-stone-700">{t("columns")}</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {candidates.map((c) => (
              <CheckboxInput
                key={c.name}
                label={`${c.name} (${c.type})`}
                checked={!excluded.has(c.name)}
                onChange={(on) =>
                  put(
                    ["preprocessing", "excludeColumns"],
                    on ? [...excluded].filter((n) => n !== c.name) : [...excluded, c.name],
                  )
                }
              />
            ))}
          </div>
          {errorAt("preprocessing.excludeColumns") ? (
            <p role="alert" className="mt-1 text-sm text-red-700">
              {errorAt("preprocessing.excludeColumns")}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}
