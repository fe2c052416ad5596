import { AppError, type TErrorValues } from "../errors";

/**
 * A problem with the uploaded data itself: the message key (catalogue
 * "datasetErrors.<key>") plus values for it, such as the line number.
 * Routes turn it into a 422 { code: "INVALID_DATA", key, values }; nothing is stored.
 */
export class DatasetInputError extends AppError {
  constructor(key: string, values: TErrorValues = {}) {
    super("INVALID_DATA", {}, { key, values });
    this.name = "DatasetInputError";
  }

  override details() {
    return { key: this.key, values: this.values };
  }
}
