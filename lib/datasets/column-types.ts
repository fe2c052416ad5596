import { DatasetInputError } from "./errors";
import { conformsTo, presentValue, type TColumnSchema, type TColumnType } from "./profile";
import type { TColumnTypes } from "./schemas";

/**
 * Column types chosen at upload (issue 17). A chosen type replaces the inferred one in the version's schema (the
 * inferred one is kept beside it as `inferredType`), so training, shapes and warnings all see it. A type the values
 * cannot be read as is refused, naming the column, the first value that does not fit and its line: a "numeric"
 * column with a stray "n/a-ish" value would otherwise be imputed silently, and the user asked for numbers.
 */

/** What the target may be set to: a regression target is a number; a class label anything but free text or a date. */
const TARGET_TYPES: Record<"CLASSIFICATION" | "REGRESSION", readonly TColumnType[]> = {
  CLASSIFICATION: ["categorical", "boolean", "numeric"],
  REGRESSION: ["numeric"],
};

/** Per column of `header`, the chosen type or null (inferred). Unknown column names and bad target types throw. */
export function resolveColumnTypes(
  header: readonly string[],
  chosen: TColumnTypes,
  target: { index: number; taskType: "CLASSIFICATION" | "REGRESSION" },
): (TColumnType | null)[] {
  const types: (TColumnType | null)[] = header.map(() => null);
  for (const [name, type] of Object.entries(chosen)) {
    let index = header.indexOf(name);
    if (index === -1) index = header.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
    if (index === -1)
      throw new DatasetInputError("columnType.unknownColumn", {
        column: name.slice(0, 200),
        columns: header.slice(0, 30).join(", "),
      });
    types[index] = type;
  }
  const targetType = types[target.index];
  if (targetType && !TARGET_TYPES[target.taskType].includes(targetType)) {
    throw new DatasetInputError("columnType.target", {
      column: header[target.index]!,
      type: targetType,
      task: target.taskType,
    });
  }
  return types;
}

/**
 * A row check for the chosen types that constrain values (numeric, boolean, datetime; categorical and text take
 * anything). Throws DatasetInputError with `{ record }`, which readCsv turns into the file's line.
 */
export function rowTypeCheck(header: readonly string[], types: readonly (TColumnType | null)[]) {
  const checked = types.flatMap((type, index) =>
    type === "numeric" || type === "boolean" || type === "datetime" ? [{ index, type }] : [],
  );
  if (!checked.length) return null;
  return (record: readonly string[], recordNumber: number) => {
    for (const { index, type } of checked) {
      const raw = record[index]!;
      const value = presentValue(raw);
      if (value !== null && !conformsTo(type, value))
        throw new DatasetInputError("columnType.mismatch", {
          column: header[index]!,
          type,
          value: value.slice(0, 40),
          record: recordNumber,
        });
    }
  };
}

/** The types chosen at upload, from a stored version schema: the columns whose type differs from the inferred one. */
export function chosenColumnTypes(schema: unknown): Record<string, TColumnType> {
  const chosen: Record<string, TColumnType> = {};
  if (!Array.isArray(schema)) return chosen;
  for (const column of schema as Partial<TColumnSchema>[]) {
    if (column.inferredType && column.type && typeof column.name === "string") chosen[column.name] = column.type;
  }
  return chosen;
}
