import path from "node:path";

// Test files run in parallel workers; each worker gets its own storage
// directory under the run's DATA_DIR, so one file's staging checks never see
// another file's uploads in flight.
process.env.TEST_DATA_ROOT ??= process.env.DATA_DIR ?? ".data/test";
process.env.DATA_DIR = path.join(process.env.TEST_DATA_ROOT, `worker-${process.env.VITEST_POOL_ID ?? "0"}`);
