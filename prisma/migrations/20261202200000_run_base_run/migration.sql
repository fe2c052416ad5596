-- Fine-tuning: a run may start from another run's trained model (its config's fineTune.baseRunId).
ALTER TABLE "Run" ADD COLUMN "baseRunId" TEXT;
ALTER TABLE "Run" ADD CONSTRAINT "Run_baseRunId_fkey" FOREIGN KEY ("baseRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Run_baseRunId_idx" ON "Run"("baseRunId");

-- A failed run's message values (its key is in "error"), such as the columns a fine-tuned run's data lacks.
ALTER TABLE "Run" ADD COLUMN "errorValues" JSONB;

-- The base run's author earns when another member's fine-tuned run succeeds.
ALTER TYPE "ReputationReason" ADD VALUE 'MODEL_FINE_TUNED';
