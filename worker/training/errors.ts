import { AppError } from "../../lib/errors";

/** A problem with this run's data or config: fails the run with a message, no retry. */
export class RunUserError extends AppError {
  constructor(key: string) {
    super("RUN_FAILED", {}, { key });
    this.name = "RunUserError";
  }
}

/** The worker is shutting down: the run goes back to the queue after the current batch. */
export class RunInterrupted extends Error {}
