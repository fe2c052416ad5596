-- Notifications (issue 16): rows per recipient written with the event, watches and mutes, switches per type, and the
-- competitions' announced transitions (lib/notifications).

-- CreateEnum
CREATE TYPE "WatchKind" AS ENUM ('THREAD', 'RUN', 'CONFIG', 'DATASET');

-- CreateEnum
CREATE TYPE "WatchMode" AS ENUM ('WATCH', 'MUTE');

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "actorIds" TEXT[],
    "threadId" TEXT,
    "postId" TEXT,
    "runId" TEXT,
    "configId" TEXT,
    "datasetId" TEXT,
    "competitionId" TEXT,
    "excerpt" TEXT,
    "values" JSONB,
    "seq" BIGSERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_seq_key" ON "Notification"("seq");

-- CreateIndex: a user's list (all, by type) newest first, and the live stream's catch-up after a seq.
CREATE INDEX "Notification_recipientId_seq_idx" ON "Notification"("recipientId", "seq" DESC);

-- Collapsing: at most one unread row per recipient and group, the conflict target of the upsert in
-- lib/notifications/notify.ts. Also serves the unread count (its leading column, unread rows only).
CREATE UNIQUE INDEX "Notification_unread_group_key" ON "Notification"("recipientId", "groupKey") WHERE "readAt" IS NULL;

-- A user's unread list, newest first.
CREATE INDEX "Notification_unread_seq_idx" ON "Notification"("recipientId", "seq" DESC) WHERE "readAt" IS NULL;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "Watch" (
    "userId" TEXT NOT NULL,
    "kind" "WatchKind" NOT NULL,
    "thingId" TEXT NOT NULL,
    "mode" "WatchMode" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Watch_pkey" PRIMARY KEY ("userId", "kind", "thingId")
);

-- CreateIndex
CREATE INDEX "Watch_kind_thingId_mode_idx" ON "Watch"("kind", "thingId", "mode");

-- AddForeignKey
ALTER TABLE "Watch" ADD CONSTRAINT "Watch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("userId", "type")
);

-- AddForeignKey
ALTER TABLE "NotificationPreference" ADD CONSTRAINT "NotificationPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "CompetitionNotice" (
    "competitionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "postedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompetitionNotice_pkey" PRIMARY KEY ("competitionId", "kind")
);

-- AddForeignKey
ALTER TABLE "CompetitionNotice" ADD CONSTRAINT "CompetitionNotice_competitionId_fkey" FOREIGN KEY ("competitionId") REFERENCES "Competition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Transitions that happened before notifications existed are not announced now, days late.
INSERT INTO "CompetitionNotice" ("competitionId", "kind")
SELECT "id", 'started' FROM "Competition" WHERE "startsAt" <= CURRENT_TIMESTAMP;
INSERT INTO "CompetitionNotice" ("competitionId", "kind")
SELECT "id", k FROM "Competition", unnest(ARRAY['ended', 'revealed']) AS k WHERE "endsAt" < CURRENT_TIMESTAMP;
