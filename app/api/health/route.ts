import { getPrisma } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { getRedis } from "@/lib/redis";

export const dynamic = "force-dynamic";

/** 200 when PostgreSQL and Redis both answer, 503 otherwise; for load balancers and `docker compose` health checks. */
export async function GET() {
  const health = await checkHealth({ prisma: getPrisma(), redis: getRedis() });
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
