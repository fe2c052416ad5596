"use client";

import { useTranslations } from "next-intl";
import { RECURRENT_TYPES } from "@/lib/configs/spec";
import { CheckboxInput, NumberInput, SelectInput, options } from "./inputs";

type TLayerDraft = Record<string, unknown>;

/** New text layers (issue 17), added from the layer list. */
export const NEW_TEXT_LAYER = {
  embedding: { type: "embedding", outputDim: 32 },
  conv1d: { type: "conv1d", filters: 32, kernelSize: 5, activation: "relu", padding: "same" },
  maxPooling1d: { type: "maxPooling1d", poolSize: 2 },
  globalMaxPooling1d: { type: "globalMaxPooling1d" },
  globalAveragePooling1d: { type: "globalAveragePooling1d" },
  simpleRNN: { type: "simpleRNN", units: 32 },
  lstm: { type: "lstm", units: 32 },
  gru: { type: "gru", units: 32 },
  bidirectional: { type: "bidirectional", layer: { type: "lstm", units: 32 }, mergeMode: "concat" },
} as const;

const ACTIVATIONS = ["linear", "relu", "elu", "tanh", "sigmoid", "swish", "gelu"] as const;

/**
 * The fields of a text layer: embedding size, 1-D convolution and pooling windows, recurrent units and dropout,
 * and for bidirectional its inner recurrent layer and how the two directions merge. Renders nothing for other types.
 */
export function TextLayerFields({
  layer,
  index,
  onChange,
  errorAt,
}: {
  layer: TLayerDraft;
  index: number;
  onChange: (patch: TLayerDraft) => void;
  errorAt: (path: string) => string | undefined;
}) {
  const t = useTranslations("configEditor");
  const type = String(layer.type ?? "");
  const at = `model.layers[${index}]`;
  const num = (field: string, label: string, step: string, target = layer, put = onChange, prefix = at) => (
    <NumberInput
      label={label}
      value={target[field]}
      step={step}
      onChange={(v) => put({ [field]: v })}
      error={errorAt(`${prefix}.${field}`)}
    />
  );
  const padding = (
    <SelectInput
      label={t("padding")}
      value={layer.padding ?? "valid"}
      options={options(["valid", "same"])}
      onChange={(v) => onChange({ padding: v })}
    />
  );
  const recurrent = (target: TLayerDraft, put: (patch: TLayerDraft) => void, prefix: string) => (
    <>
      {num("units", t("units"), "1", target, put, prefix)}
      <SelectInput
        label={t("activation")}
        value={target.activation ?? "tanh"}
        options={options(ACTIVATIONS)}
        onChange={(v) => put({ activation: v })}
      />
      {num("dropout", t("layerTypes.dropout"), "0.05", target, put, prefix)}
      {num("recurrentDropout", t("recurrentDropout"), "0.05", target, put, prefix)}
      <div className="pb-2">
        <CheckboxInput
          label={t("returnSequences")}
          checked={Boolean(target.returnSequences)}
          onChange={(v) => put({ returnSequences: v })}
        />
      </div>
    </>
  );

  switch (type) {
    case "embedding":
      return num("outputDim", t("outputDim"), "1");
    case "conv1d":
      return (
        <>
          {num("filters", t("filters"), "1")}
          {num("kernelSize", t("kernelSize"), "1")}
          {num("strides", t("strides"), "1")}
          {padding}
          <SelectInput
            label={t("activation")}
            value={layer.activation ?? "linear"}
            options={options(ACTIVATIONS)}
            onChange={(v) => onChange({ activation: v })}
          />
        </>
      );
    case "maxPooling1d":
      return (
        <>
          {num("poolSize", t("poolSize"), "1")}
          {padding}
        </>
      );
    case "simpleRNN":
    case "lstm":
    case "gru":
      return recurrent(layer, onChange, at);
    case "bidirectional": {
      const inner = (layer.layer ?? {}) as TLayerDraft;
      const putInner = (patch: TLayerDraft) => onChange({ layer: { ...inner, ...patch } });
      return (
        <>
          <SelectInput
            label={t("recurrentLayer")}
            value={inner.type ?? "lstm"}
            options={RECURRENT_TYPES.map((v) => ({ value: v, label: t(`layerTypes.${v}`) }))}
            onChange={(v) => putInner({ type: v })}
            error={errorAt(`${at}.layer.type`)}
          />
          {recurrent(inner, putInner, `${at}.layer`)}
          <SelectInput
            label={t("mergeMode")}
            value={layer.mergeMode ?? "concat"}
            options={options(["concat", "sum", "mul", "ave"])}
            onChange={(v) => onChange({ mergeMode: v })}
          />
        </>
      );
    }
    default:
      return null;
  }
}
