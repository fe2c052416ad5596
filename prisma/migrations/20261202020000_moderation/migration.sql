-- Moderation (issue 16): roles, reports, hiding posts and threads, duplicates, suspensions and the moderators' audit
-- log. Independent of the other issue-16 migrations (notifications, reputation): it only adds to User, Thread, Post.

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'MODERATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "ReportTargetKind" AS ENUM ('POST', 'THREAD', 'DATASET', 'CONFIG', 'USER');

-- CreateEnum
CREATE TYPE "ReportReason" AS ENUM ('SPAM', 'ABUSE', 'OFF_TOPIC', 'LEAK', 'OTHER');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('OPEN', 'RESOLVED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "ModerationActionKind" AS ENUM ('HIDE', 'UNHIDE', 'LOCK', 'UNLOCK', 'PIN', 'UNPIN', 'MARK_DUPLICATE', 'UNMARK_DUPLICATE', 'SUSPEND', 'UNSUSPEND', 'RESOLVE', 'DISMISS', 'SET_ROLE');

-- AlterTable
ALTER TABLE "User" ADD COLUMN "role" "Role" NOT NULL DEFAULT 'USER',
ADD COLUMN "suspendedAt" TIMESTAMP(3),
ADD COLUMN "suspendedUntil" TIMESTAMP(3),
ADD COLUMN "suspendedReason" TEXT;

-- AlterTable
ALTER TABLE "Thread" ADD COLUMN "hiddenAt" TIMESTAMP(3),
ADD COLUMN "hiddenReason" TEXT,
ADD COLUMN "duplicateOfId" TEXT;

-- AlterTable
ALTER TABLE "Post" ADD COLUMN "hiddenAt" TIMESTAMP(3),
ADD COLUMN "hiddenReason" TEXT,
ADD COLUMN "hiddenById" TEXT;

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "targetKind" "ReportTargetKind" NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" "ReportReason" NOT NULL,
    "text" TEXT,
    "status" "ReportStatus" NOT NULL DEFAULT 'OPEN',
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModerationAction" (
    "id" TEXT NOT NULL,
    "moderatorId" TEXT,
    "action" "ModerationActionKind" NOT NULL,
    "targetKind" "ReportTargetKind" NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModerationAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Report_status_targetKind_targetId_idx" ON "Report"("status", "targetKind", "targetId");

-- CreateIndex
CREATE INDEX "Report_reporterId_createdAt_idx" ON "Report"("reporterId", "createdAt" DESC);

-- One OPEN report per reporter per target (not in schema.prisma: Prisma has no partial unique indexes). A second
-- one while the first is open is a unique violation (P2002), which createReport answers as CONFLICT.
CREATE UNIQUE INDEX "Report_open_once" ON "Report"("reporterId", "targetKind", "targetId") WHERE "status" = 'OPEN';

-- CreateIndex
CREATE INDEX "ModerationAction_createdAt_id_idx" ON "ModerationAction"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "ModerationAction_targetKind_targetId_idx" ON "ModerationAction"("targetKind", "targetId");

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "Thread"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_hiddenById_fkey" FOREIGN KEY ("hiddenById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModerationAction" ADD CONSTRAINT "ModerationAction_moderatorId_fkey" FOREIGN KEY ("moderatorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
