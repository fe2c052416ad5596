/**
 * Runs once when the Next.js server starts. The Node-only part lives in its own
 * file so the Edge bundle never sees process.exit.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
