-- Discussions and Q&A (issue 15): threads attached to a run, a config, a dataset version or a competition (or to
-- nothing: general), posts one level of replies deep, edit history and one up-vote per user per post.

-- CreateEnum
CREATE TYPE "ThreadKind" AS ENUM ('DISCUSSION', 'QUESTION');

-- CreateEnum
CREATE TYPE "PostKind" AS ENUM ('OPENING', 'ANSWER', 'REPLY', 'SYSTEM');

-- CreateTable
CREATE TABLE "Thread" (
    "id" TEXT NOT NULL,
    "kind" "ThreadKind" NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "runId" TEXT,
    "configId" TEXT,
    "datasetId" TEXT,
    "datasetVersionId" TEXT,
    "competitionId" TEXT,
    "tags" TEXT[],
    "language" TEXT,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "acceptedPostId" TEXT,
    "replyCount" INTEGER NOT NULL DEFAULT 0,
    "voteCount" INTEGER NOT NULL DEFAULT 0,
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "authorId" TEXT,
    "parentId" TEXT,
    "kind" "PostKind" NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "language" TEXT,
    "mentions" TEXT[],
    "event" JSONB,
    "configRevisionId" TEXT,
    "runId" TEXT,
    "voteCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostRevision" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "title" TEXT,
    "editorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostVote" (
    "postId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostVote_pkey" PRIMARY KEY ("postId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Thread_acceptedPostId_key" ON "Thread"("acceptedPostId");

-- CreateIndex
CREATE INDEX "Thread_lastActivityAt_id_idx" ON "Thread"("lastActivityAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Thread_createdAt_id_idx" ON "Thread"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Thread_voteCount_createdAt_idx" ON "Thread"("voteCount" DESC, "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Thread_authorId_createdAt_idx" ON "Thread"("authorId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Thread_runId_idx" ON "Thread"("runId");

-- CreateIndex
CREATE INDEX "Thread_configId_idx" ON "Thread"("configId");

-- CreateIndex
CREATE INDEX "Thread_datasetId_idx" ON "Thread"("datasetId");

-- CreateIndex
CREATE INDEX "Thread_datasetVersionId_idx" ON "Thread"("datasetVersionId");

-- CreateIndex
CREATE INDEX "Thread_competitionId_idx" ON "Thread"("competitionId");

-- CreateIndex
CREATE INDEX "Thread_tags_idx" ON "Thread" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Thread_title_trgm_idx" ON "Thread" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Post_threadId_createdAt_idx" ON "Post"("threadId", "createdAt");

-- CreateIndex
CREATE INDEX "Post_authorId_createdAt_idx" ON "Post"("authorId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Post_parentId_idx" ON "Post"("parentId");

-- CreateIndex
CREATE INDEX "Post_runId_idx" ON "Post"("runId");

-- CreateIndex
CREATE INDEX "Post_configRevisionId_idx" ON "Post"("configRevisionId");

-- CreateIndex
CREATE INDEX "Post_body_trgm_idx" ON "Post" USING GIN ("body" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "PostRevision_editorId_idx" ON "PostRevision"("editorId");

-- CreateIndex
CREATE UNIQUE INDEX "PostRevision_postId_number_key" ON "PostRevision"("postId", "number");

-- CreateIndex
CREATE INDEX "PostVote_userId_idx" ON "PostVote"("userId");

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_configId_fkey" FOREIGN KEY ("configId") REFERENCES "Config"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_competitionId_fkey" FOREIGN KEY ("competitionId") REFERENCES "Competition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_acceptedPostId_fkey" FOREIGN KEY ("acceptedPostId") REFERENCES "Post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_configRevisionId_fkey" FOREIGN KEY ("configRevisionId") REFERENCES "ConfigRevision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostRevision" ADD CONSTRAINT "PostRevision_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostRevision" ADD CONSTRAINT "PostRevision_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostVote" ADD CONSTRAINT "PostVote_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostVote" ADD CONSTRAINT "PostVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A thread is about one thing at most; a dataset thread names its version and that version's dataset.
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_one_subject"
  CHECK (num_nonnulls("runId", "configId", "datasetId", "competitionId") <= 1);
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_dataset_version"
  CHECK (("datasetId" IS NULL) = ("datasetVersionId" IS NULL));

-- One opening post per thread (the join that search and lists make); SYSTEM posts alone have no author.
CREATE UNIQUE INDEX "Post_opening_key" ON "Post"("threadId") WHERE "kind" = 'OPENING';
ALTER TABLE "Post" ADD CONSTRAINT "Post_author_unless_system" CHECK (("authorId" IS NULL) = ("kind" = 'SYSTEM'));
ALTER TABLE "Post" ADD CONSTRAINT "Post_vote_count" CHECK ("voteCount" >= 0);

-- The index's "unanswered" filter: questions without an accepted answer, most recently active first.
CREATE INDEX "Thread_unanswered_idx" ON "Thread"("lastActivityAt" DESC)
  WHERE "kind" = 'QUESTION' AND "acceptedPostId" IS NULL AND "deletedAt" IS NULL;
