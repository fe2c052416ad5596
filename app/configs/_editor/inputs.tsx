"use client";

import type { ReactNode } from "react";

const box = "mt-1 block w-full rounded-md border bg-white px-2 py-1.5 text-sm";

export function Labeled({
  label,
  error,
  children,
  className = "",
}: {
  label: string;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label className={`block text-xs font-medium text-stone-700 ${className}`}>
      {label}
      {children}
      {error ? (
        <span role="alert" className="mt-0.5 block font-normal text-red-700">
          {error}
        </span>
      ) : null}
    </label>
  );
}

export function NumberInput({
  label,
  value,
  onChange,
  error,
  step = "any",
  min,
}: {
  label: string;
  value: unknown;
  onChange: (v: number | undefined) => void;
  error?: string;
  step?: string;
  min?: number;
}) {
  return (
    <Labeled label={label} error={error}>
      <input
        type="number"
        step={step}
        min={min}
        value={typeof value === "number" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        aria-invalid={error ? true : undefined}
        className={`${box} ${error ? "border-red-500" : "border-stone-300"}`}
      />
    </Labeled>
  );
}

export function SelectInput({
  label,
  value,
  options,
  onChange,
  error,
}: {
  label: string;
  value: unknown;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <Labeled label={label} error={error}>
      <select
        value={String(value ?? "")}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        className={`${box} ${error ? "border-red-500" : "border-stone-300"}`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labeled>
  );
}

export function CheckboxInput({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm text-stone-700">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

export const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
