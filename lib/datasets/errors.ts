/**
 * A problem with the uploaded data itself: the message key (catalogue
 * "datasetErrors.<key>") plus values for it, such as the line number.
 * Routes turn it into a 422 with that key; nothing is stored.
 */
export class DatasetInputError extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(`${key} ${JSON.stringify(values)}`);
    this.name = "DatasetInputError";
  }
}
