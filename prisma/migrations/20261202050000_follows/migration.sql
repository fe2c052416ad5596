-- Follows and the followed-activity feed (issue 16). A follow is of a user or of a dataset (exactly one, by CHECK);
-- both are real foreign keys, so a deleted user or dataset takes its follows with it. Activity gains the dataset it
-- concerns (a followed dataset's feed is one index range) and a "notable" flag (the visitors' feed is one partial
-- index range); the actor index gains id so keyset pages are an index range too.

-- CreateTable
CREATE TABLE "Follow" (
    "id" TEXT NOT NULL,
    "followerId" TEXT NOT NULL,
    "userId" TEXT,
    "datasetId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Follow_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Follow_one_thing" CHECK (("userId" IS NULL) <> ("datasetId" IS NULL)),
    CONSTRAINT "Follow_not_self" CHECK ("userId" IS NULL OR "userId" <> "followerId")
);

CREATE UNIQUE INDEX "Follow_followerId_userId_key" ON "Follow"("followerId", "userId");
CREATE UNIQUE INDEX "Follow_followerId_datasetId_key" ON "Follow"("followerId", "datasetId");
CREATE INDEX "Follow_userId_createdAt_idx" ON "Follow"("userId", "createdAt" DESC);
CREATE INDEX "Follow_datasetId_createdAt_idx" ON "Follow"("datasetId", "createdAt" DESC);
CREATE INDEX "Follow_followerId_createdAt_idx" ON "Follow"("followerId", "createdAt" DESC);

ALTER TABLE "Follow" ADD CONSTRAINT "Follow_followerId_fkey" FOREIGN KEY ("followerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Follow" ADD CONSTRAINT "Follow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Follow" ADD CONSTRAINT "Follow_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Activity" ADD COLUMN "datasetId" TEXT,
ADD COLUMN "notable" BOOLEAN NOT NULL DEFAULT false;

-- Entries written before: their dataset is in the subject; every kind but a sign-up is notable.
UPDATE "Activity" a SET "datasetId" = a."subject"->>'datasetId'
WHERE a."subject" ? 'datasetId' AND EXISTS (SELECT 1 FROM "Dataset" d WHERE d."id" = a."subject"->>'datasetId');
DELETE FROM "Activity" WHERE "subject" ? 'datasetId' AND "datasetId" IS NULL;
UPDATE "Activity" SET "notable" = true WHERE "kind" <> 'user.joined';

ALTER TABLE "Activity" ADD CONSTRAINT "Activity_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

DROP INDEX "Activity_actorId_createdAt_idx";
CREATE INDEX "Activity_actorId_createdAt_id_idx" ON "Activity"("actorId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Activity_datasetId_createdAt_id_idx" ON "Activity"("datasetId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Activity_notable_createdAt_id_idx" ON "Activity"("createdAt" DESC, "id" DESC) WHERE "notable";
