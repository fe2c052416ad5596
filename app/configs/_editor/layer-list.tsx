"use client";

import { useFormatter, useTranslations } from "next-intl";
import { LAYER_TYPES } from "@/lib/configs/spec";
import type { TShapeAnalysis } from "@/lib/configs/shapes";
import { CheckboxInput, NumberInput, SelectInput, options } from "./inputs";
import { NEW_TEXT_LAYER, TextLayerFields } from "./text-layer-fields";

const ACTIVATIONS = [
  "linear",
  "relu",
  "elu",
  "selu",
  "tanh",
  "sigmoid",
  "softmax",
  "softplus",
  "swish",
  "gelu",
] as const;

/** A sensible new layer of each type. */
export const NEW_LAYER: Record<(typeof LAYER_TYPES)[number], Record<string, unknown>> = {
  dense: { type: "dense", units: 32, activation: "relu" },
  dropout: { type: "dropout", rate: 0.2 },
  batchNormalization: { type: "batchNormalization" },
  activation: { type: "activation", activation: "relu" },
  conv2d: { type: "conv2d", filters: 16, kernelSize: 3, activation: "relu", padding: "same" },
  maxPooling2d: { type: "maxPooling2d", poolSize: 2 },
  averagePooling2d: { type: "averagePooling2d", poolSize: 2 },
  flatten: { type: "flatten" },
  globalAveragePooling2d: { type: "globalAveragePooling2d" },
  ...NEW_TEXT_LAYER,
};

type TLayerDraft = Record<string, unknown>;

export function LayerList({
  layers,
  onChange,
  analysis,
  errorAt,
}: {
  layers: TLayerDraft[];
  onChange: (layers: TLayerDraft[]) => void;
  analysis: TShapeAnalysis | null;
  errorAt: (path: string) => string | undefined;
}) {
  const t = useTranslations("configEditor");
  const format = useFormatter();
  const set = (i: number, patch: Record<string, unknown>) =>
    onChange(layers.map((l, k) => (k === i ? { ...l, ...patch } : l)));
  const move = (i: number, by: number) => {
    const next = [...layers];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange(next);
  };
  const typeOptions = LAYER_TYPES.map((v) => ({ value: v, label: t(`layerTypes.${v}`) }));
  const num = (i: number, field: string, label: string, step?: string) => (
    <NumberInput
      label={label}
      value={layers[i]![field]}
      step={step}
      onChange={(v) => set(i, { [field]: v })}
      error={errorAt(`model.layers[${i}].${field}`)}
    />
  );
  const act = (i: number, field = "activation") => (
    <SelectInput
      label={t("activation")}
      value={layers[i]![field] ?? "linear"}
      options={options(ACTIVATIONS)}
      onChange={(v) => set(i, { [field]: v })}
      error={errorAt(`model.layers[${i}].${field}`)}
    />
  );
  const padding = (i: number) => (
    <SelectInput
      label={t("padding")}
      value={layers[i]!.padding ?? "valid"}
      options={options(["valid", "same"])}
      onChange={(v) => set(i, { padding: v })}
    />
  );

  return (
    <div className="space-y-2">
      {analysis ? (
        <p className="text-xs text-stone-600" data-testid="input-shape">
          {t("inputShape", { shape: `[${analysis.inputShape.join(", ")}]` })}
        </p>
      ) : null}
      <ol className="space-y-2">
        {layers.map((layer, i) => {
          const info = analysis?.layers[i];
          const type = String(layer.type ?? "");
          const rowError = errorAt(`model.layers[${i}]`) ?? errorAt(`model.layers[${i}].type`);
          return (
            <li
              key={i}
              className={`rounded-md border bg-white p-3 ${rowError ? "border-red-400" : "border-stone-200"}`}
              data-testid={`layer-${i}`}
            >
              <div className="flex flex-wrap items-end gap-3">
                <span className="w-6 pb-2 text-xs text-stone-400">{i + 1}</span>
                <div className="w-44">
                  <SelectInput
                    label={t("layerType")}
                    value={type}
                    options={typeOptions}
                    onChange={(v) =>
                      onChange(layers.map((l, k) => (k === i ? { ...NEW_LAYER[v as keyof typeof NEW_LAYER] } : l)))
                    }
                  />
                </div>
                {type === "dense" ? (
                  <>
                    {num(i, "units", t("units"), "1")}
                    {act(i)}
                  </>
                ) : null}
                {type === "dropout" ? num(i, "rate", t("rate"), "0.05") : null}
                {type === "activation" ? act(i) : null}
                {type === "conv2d" ? (
                  <>
                    {num(i, "filters", t("filters"), "1")}
                    {num(i, "kernelSize", t("kernelSize"), "1")}
                    {num(i, "strides", t("strides"), "1")}
                    {padding(i)}
                    {act(i)}
                  </>
                ) : null}
                {type === "maxPooling2d" || type === "averagePooling2d" ? (
                  <>
                    {num(i, "poolSize", t("poolSize"), "1")}
                    {padding(i)}
                  </>
                ) : null}
                {type === "batchNormalization" ? num(i, "momentum", t("momentum"), "0.01") : null}
                <TextLayerFields layer={layer} index={i} onChange={(patch) => set(i, patch)} errorAt={errorAt} />
                <div className="ml-auto flex items-center gap-1 pb-1">
                  <span className="mr-2 whitespace-nowrap text-xs text-stone-500" data-testid={`layer-${i}-shape`}>
                    {info
                      ? t("layerInfo", {
                          shape: `[${info.outputShape.join(", ")}]`,
                          params: format.number(info.params),
                        })
                      : ""}
                  </span>
                  <button
                    type="button"
                    onClick={() => move(i, -1)}
                    disabled={i === 0}
                    aria-label={t("moveUp", { n: i + 1 })}
                    className="rounded px-2 py-1 text-stone-600 hover:bg-stone-100 disabled:opacity-30"
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    onClick={() => move(i, 1)}
                    disabled={i === layers.length - 1}
                    aria-label={t("moveDown", { n: i + 1 })}
                    className="rounded px-2 py-1 text-stone-600 hover:bg-stone-100 disabled:opacity-30"
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    onClick={() => onChange(layers.filter((_, k) => k !== i))}
                    aria-label={t("remove", { n: i + 1 })}
                    className="rounded px-2 py-1 text-red-700 hover:bg-red-50"
                  >
                    ✕
                  </button>
                </div>
              </div>
              {type === "dense" || type === "conv2d" ? (
                <div className="mt-2 flex flex-wrap gap-4 pl-9">
                  <CheckboxInput
                    label={t("useBias")}
                    checked={layer.useBias !== false}
                    onChange={(v) => set(i, { useBias: v })}
                  />
                  <div className="w-28">
                    <NumberInput
                      label={t("l2")}
                      value={(layer.kernelRegularizer as { l2?: number } | undefined)?.l2 ?? 0}
                      step="0.0001"
                      onChange={(v) => set(i, { kernelRegularizer: v ? { l1: 0, l2: v } : undefined })}
                      error={errorAt(`model.layers[${i}].kernelRegularizer.l2`)}
                    />
                  </div>
                </div>
              ) : null}
              {rowError ? (
                <p role="alert" className="mt-2 pl-9 text-sm text-red-700">
                  {rowError}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap gap-2">
        {(
          [
            "dense",
            "dropout",
            "conv2d",
            "maxPooling2d",
            "flatten",
            "batchNormalization",
            "embedding",
            "conv1d",
            "globalAveragePooling1d",
            "lstm",
          ] as const
        ).map((type) => (
          <button
            key={type}
            type="button"
            onClick={() => onChange([...layers, { ...NEW_LAYER[type] }])}
            className="rounded-md border border-dashed border-stone-400 px-2 py-1 text-xs text-stone-700 hover:bg-stone-100"
          >
            + {t(`layerTypes.${type}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
