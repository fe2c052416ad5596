import { EnvError, loadEnv } from "./lib/env";

// A missing or malformed variable stops start-up here, naming it, instead of
// failing on the first request that needs it.
try {
  loadEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}
