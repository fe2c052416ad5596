-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "primaryMetric" TEXT;

-- AlterTable
ALTER TABLE "DatasetVersion" ADD COLUMN     "lastScoredAt" TIMESTAMP(3),
ADD COLUMN     "privateRevealedAt" TIMESTAMP(3),
ADD COLUMN     "scoredRuns" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RunScore" (
    "runId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "configId" TEXT NOT NULL,
    "publicScore" DOUBLE PRECISION NOT NULL,
    "privateScore" DOUBLE PRECISION,
    "sortKey" DOUBLE PRECISION NOT NULL,
    "privateSortKey" DOUBLE PRECISION,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ranked" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "RunScore_pkey" PRIMARY KEY ("runId","metric")
);

-- CreateTable
CREATE TABLE "LeaderboardEntry" (
    "datasetVersionId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "configId" TEXT NOT NULL,
    "publicScore" DOUBLE PRECISION NOT NULL,
    "privateScore" DOUBLE PRECISION,
    "sortKey" DOUBLE PRECISION NOT NULL,
    "privateSortKey" DOUBLE PRECISION,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeaderboardEntry_pkey" PRIMARY KEY ("datasetVersionId","metric","userId")
);

-- CreateTable
CREATE TABLE "BoardRecord" (
    "id" TEXT NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "sortKey" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BoardRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Competition" (
    "id" TEXT NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "dailyLimit" INTEGER NOT NULL,
    "totalLimit" INTEGER NOT NULL,
    "finalLimit" INTEGER NOT NULL DEFAULT 2,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Competition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinalSubmission" (
    "competitionId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinalSubmission_pkey" PRIMARY KEY ("competitionId","runId")
);

-- CreateIndex
CREATE INDEX "RunScore_datasetVersionId_metric_ranked_sortKey_submittedAt_idx" ON "RunScore"("datasetVersionId", "metric", "ranked", "sortKey", "submittedAt", "runId");

-- CreateIndex
CREATE INDEX "RunScore_datasetVersionId_metric_configId_sortKey_idx" ON "RunScore"("datasetVersionId", "metric", "configId", "sortKey");

-- CreateIndex
CREATE INDEX "RunScore_datasetVersionId_metric_userId_sortKey_idx" ON "RunScore"("datasetVersionId", "metric", "userId", "sortKey");

-- CreateIndex
CREATE INDEX "LeaderboardEntry_datasetVersionId_metric_sortKey_submittedA_idx" ON "LeaderboardEntry"("datasetVersionId", "metric", "sortKey", "submittedAt", "runId");

-- CreateIndex
CREATE INDEX "LeaderboardEntry_runId_idx" ON "LeaderboardEntry"("runId");

-- CreateIndex
CREATE INDEX "BoardRecord_datasetVersionId_metric_at_idx" ON "BoardRecord"("datasetVersionId", "metric", "at");

-- CreateIndex
CREATE INDEX "BoardRecord_runId_idx" ON "BoardRecord"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "Competition_datasetVersionId_key" ON "Competition"("datasetVersionId");

-- CreateIndex
CREATE INDEX "Competition_endsAt_idx" ON "Competition"("endsAt");

-- CreateIndex
CREATE INDEX "FinalSubmission_competitionId_userId_idx" ON "FinalSubmission"("competitionId", "userId");

-- CreateIndex
CREATE INDEX "DatasetVersion_lastScoredAt_id_idx" ON "DatasetVersion"("lastScoredAt" DESC, "id");

-- AddForeignKey
ALTER TABLE "RunScore" ADD CONSTRAINT "RunScore_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunScore" ADD CONSTRAINT "RunScore_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunScore" ADD CONSTRAINT "RunScore_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardEntry" ADD CONSTRAINT "LeaderboardEntry_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardEntry" ADD CONSTRAINT "LeaderboardEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardEntry" ADD CONSTRAINT "LeaderboardEntry_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardRecord" ADD CONSTRAINT "BoardRecord_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardRecord" ADD CONSTRAINT "BoardRecord_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competition" ADD CONSTRAINT "Competition_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalSubmission" ADD CONSTRAINT "FinalSubmission_competitionId_fkey" FOREIGN KEY ("competitionId") REFERENCES "Competition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalSubmission" ADD CONSTRAINT "FinalSubmission_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalSubmission" ADD CONSTRAINT "FinalSubmission_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
