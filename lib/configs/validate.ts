import type { z } from "zod";

// Runs in the browser too (the editor validates as you type): no Node APIs here.
const byteLength = (s: string) => new TextEncoder().encode(s).length;
import { analyzeWithBase, type TBaseLookup, type TFineTuneAnalysis } from "./fine-tune-shapes";
import { DEFAULT_LIMITS, type TDatasetShapeInfo, type TLimits, type TSpecIssue } from "./shapes";
import { ZConfigSpec, type TConfigSpec } from "./spec";

/** Largest accepted config, as JSON text. */
export const MAX_SPEC_BYTES = 64 * 1024;

export type TSpecResult =
  | { ok: true; spec: TConfigSpec; analysis: TFineTuneAnalysis | null }
  | { ok: false; issues: TSpecIssue[]; analysis: TFineTuneAnalysis | null };

/** zod path ["model", "layers", 3, "units"] → "model.layers[3].units". */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    "",
  );
}

function zodIssues(error: z.ZodError): TSpecIssue[] {
  return error.issues.map((i) => {
    const path = formatPath(i.path) || "(root)";
    let message = i.message;
    let code: string = i.code;
    const params: Record<string, string | number> = {};
    if (i.code === "unrecognized_keys") {
      code = "unknownField";
      params.fields = i.keys.join(", ");
      message = `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")}`;
    } else if (i.code === "invalid_type") {
      code = "wrongType";
      params.expected = String(i.expected);
      // zod leaves the input out of issues; its default message says what it received.
      const missing = /received undefined/.test(i.message);
      if (missing) params.missing = 1;
      message = missing ? `is required (${i.expected})` : `must be ${i.expected}`;
    } else if (i.code === "too_small" || i.code === "too_big") {
      code = i.code === "too_small" ? "tooSmall" : "tooBig";
      params.limit = Number(i.code === "too_small" ? i.minimum : i.maximum);
      if (i.origin === "array") params.items = 1;
      else params.sign = i.code === "too_small" ? (i.inclusive ? "≥" : ">") : i.inclusive ? "≤" : "<";
      message =
        i.origin === "array"
          ? `${i.code === "too_small" ? "needs at least" : "allows at most"} ${params.limit} item(s)`
          : `must be ${i.code === "too_small" ? (i.inclusive ? "≥" : ">") : i.inclusive ? "≤" : "<"} ${params.limit}`;
    } else if (i.code === "invalid_value" || i.code === "invalid_union") {
      code = "invalidValue";
      // invalid_value lists `values`; a discriminated union lists the discriminator's `options`.
      const list =
        "values" in i ? (i.values as unknown[]) : "options" in i ? ((i as { options: unknown[] }).options ?? []) : [];
      const options = list.map((v) => JSON.stringify(v)).join(", ");
      message = options ? `must be one of ${options}` : "has an invalid value";
      if (options) params.options = options;
    }
    return { path, code, params, message: `${path}: ${message}` };
  });
}

/** Validates a spec given as JSON text or a parsed value; with a dataset, also shapes and the output head. */
export function validateSpec(
  input: string | unknown,
  dataset: TDatasetShapeInfo | null = null,
  limits: TLimits = DEFAULT_LIMITS,
  /** A fine-tuned spec's base run, as looked up on the server (fine-tune.ts); undefined: not checked. */
  base?: TBaseLookup,
): TSpecResult {
  let value = input;
  if (typeof input === "string") {
    if (byteLength(input) > MAX_SPEC_BYTES) {
      return {
        ok: false,
        analysis: null,
        issues: [
          {
            path: "(root)",
            code: "tooLarge",
            params: { max: MAX_SPEC_BYTES },
            message: `(root): the config is larger than ${MAX_SPEC_BYTES / 1024} KB`,
          },
        ],
      };
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      const detail = (error as Error).message.replace(/^JSON\.parse: /, "");
      return {
        ok: false,
        analysis: null,
        issues: [
          { path: "(root)", code: "invalidJson", params: { detail }, message: `(root): not valid JSON: ${detail}` },
        ],
      };
    }
  } else if (byteLength(JSON.stringify(input) ?? "") > MAX_SPEC_BYTES) {
    return {
      ok: false,
      analysis: null,
      issues: [
        {
          path: "(root)",
          code: "tooLarge",
          params: { max: MAX_SPEC_BYTES },
          message: `(root): the config is larger than ${MAX_SPEC_BYTES / 1024} KB`,
        },
      ],
    };
  }
  const parsed = ZConfigSpec.safeParse(value);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error), analysis: null };
  const { issues, analysis } = analyzeWithBase(parsed.data, dataset, base, limits);
  return issues.length ? { ok: false, issues, analysis } : { ok: true, spec: parsed.data, analysis };
}
