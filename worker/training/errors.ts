import { AppError, type TErrorValues } from "../../lib/errors";

/** A problem with this run's data or config: fails the run with a message (key and values), no retry. */
export class RunUserError extends AppError {
  constructor(key: string, values: TErrorValues = {}) {
    super("RUN_FAILED", {}, { key, values });
    this.name = "RunUserError";
  }
}

/** The worker is shutting down: the run goes back to the queue after the current batch. */
export class RunInterrupted extends Error {}
