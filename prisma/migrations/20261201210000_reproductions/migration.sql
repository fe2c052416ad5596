-- "Reproduce this" (issue 15): a run queued again from a thread with a new seed; its outcome is posted once.

-- CreateEnum
CREATE TYPE "ReproductionOutcome" AS ENUM ('REPRODUCED', 'NOT_REPRODUCED', 'FAILED', 'CANCELED');

-- CreateTable
CREATE TABLE "Reproduction" (
    "id" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "originalRunId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "ReproductionOutcome",
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Reproduction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Reproduction_runId_key" ON "Reproduction"("runId");

-- CreateIndex
CREATE INDEX "Reproduction_threadId_createdAt_idx" ON "Reproduction"("threadId", "createdAt");

-- CreateIndex
CREATE INDEX "Reproduction_originalRunId_idx" ON "Reproduction"("originalRunId");

-- CreateIndex
CREATE INDEX "Reproduction_requesterId_idx" ON "Reproduction"("requesterId");

-- The reconciler's sweep (lib/discussions/reproduction-outcome.ts settleReproductions) reads only unsettled rows.
CREATE INDEX "Reproduction_unsettled_idx" ON "Reproduction"("createdAt") WHERE "outcome" IS NULL;

-- AddForeignKey
ALTER TABLE "Reproduction" ADD CONSTRAINT "Reproduction_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reproduction" ADD CONSTRAINT "Reproduction_originalRunId_fkey" FOREIGN KEY ("originalRunId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reproduction" ADD CONSTRAINT "Reproduction_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reproduction" ADD CONSTRAINT "Reproduction_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
