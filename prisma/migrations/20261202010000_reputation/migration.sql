-- Reputation (issue 16): an append-only ledger of point events, and each user's running total beside it.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "reputation" INTEGER NOT NULL DEFAULT 0;

-- CreateEnum
CREATE TYPE "ReputationReason" AS ENUM ('UPVOTE_RECEIVED', 'UPVOTE_REMOVED', 'ANSWER_ACCEPTED', 'ANSWER_UNACCEPTED', 'VERIFIED_FIX', 'VERIFIED_FIX_REVOKED', 'DATASET_STARRED', 'DATASET_UNSTARRED', 'CONFIG_FORKED', 'FORK_BEAT_PARENT', 'FORK_BEAT_PARENT_CREDIT');

-- CreateTable
CREATE TABLE "ReputationEvent" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "reason" "ReputationReason" NOT NULL,
    "sourceUserId" TEXT,
    "postId" TEXT,
    "configId" TEXT,
    "datasetId" TEXT,
    "runId" TEXT,
    "subject" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReputationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReputationEvent_dedupeKey_key" ON "ReputationEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "ReputationEvent_userId_createdAt_idx" ON "ReputationEvent"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ReputationEvent_sourceUserId_userId_createdAt_idx" ON "ReputationEvent"("sourceUserId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "ReputationEvent_subject_idx" ON "ReputationEvent"("subject");

-- AddForeignKey
ALTER TABLE "ReputationEvent" ADD CONSTRAINT "ReputationEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReputationEvent" ADD CONSTRAINT "ReputationEvent_sourceUserId_fkey" FOREIGN KEY ("sourceUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Append-only: a row's points, reason, earner and key never change once written. The one update allowed is the
-- foreign key clearing "sourceUserId" when that account is deleted. (Deleting the earner deletes their rows and
-- their total together.) Function bodies are E'' strings with \073 for each semicolon (see 20261128080000).
CREATE FUNCTION "reputation_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF (NEW."id", NEW."userId", NEW."points", NEW."reason", NEW."postId", NEW."configId", NEW."datasetId", NEW."runId", NEW."subject", NEW."dedupeKey", NEW."createdAt") IS DISTINCT FROM (OLD."id", OLD."userId", OLD."points", OLD."reason", OLD."postId", OLD."configId", OLD."datasetId", OLD."runId", OLD."subject", OLD."dedupeKey", OLD."createdAt") OR NEW."sourceUserId" IS NOT NULL AND NEW."sourceUserId" IS DISTINCT FROM OLD."sourceUserId" THEN RAISE EXCEPTION ''ReputationEvent rows are append-only''\073 END IF\073 RETURN NEW\073 END';
CREATE TRIGGER "ReputationEvent_append_only" BEFORE UPDATE ON "ReputationEvent" FOR EACH ROW EXECUTE FUNCTION "reputation_event_append_only"();
