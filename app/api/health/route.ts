import { checkHealth } from "@/lib/health";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** 200 when PostgreSQL and Redis both answer, 503 otherwise; for load balancers and `docker compose` health checks. */
export const GET = route({ auth: "none" }, async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
});
