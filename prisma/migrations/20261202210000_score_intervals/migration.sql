-- 95 % bootstrap intervals of each board score (lib/runs/bootstrap.ts), copied from the run's metrics when its
-- result is recorded. Null for runs evaluated before intervals existed: boards then show no interval for them.
ALTER TABLE "RunScore" ADD COLUMN "publicLow" DOUBLE PRECISION,
  ADD COLUMN "publicHigh" DOUBLE PRECISION,
  ADD COLUMN "privateLow" DOUBLE PRECISION,
  ADD COLUMN "privateHigh" DOUBLE PRECISION;
ALTER TABLE "LeaderboardEntry" ADD COLUMN "publicLow" DOUBLE PRECISION,
  ADD COLUMN "publicHigh" DOUBLE PRECISION,
  ADD COLUMN "privateLow" DOUBLE PRECISION,
  ADD COLUMN "privateHigh" DOUBLE PRECISION;
