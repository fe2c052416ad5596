-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('PUBLIC', 'UNLISTED', 'PRIVATE');

-- CreateEnum
CREATE TYPE "TaskType" AS ENUM ('CLASSIFICATION', 'REGRESSION');

-- CreateEnum
CREATE TYPE "DataKind" AS ENUM ('TABULAR', 'IMAGE');

-- CreateEnum
CREATE TYPE "ProfileStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "license" TEXT NOT NULL,
    "citation" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[],
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "taskType" "TaskType" NOT NULL,
    "kind" "DataKind" NOT NULL,
    "targetColumn" TEXT NOT NULL,
    "starCount" INTEGER NOT NULL DEFAULT 0,
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "versionCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "sha256" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "originalName" TEXT NOT NULL,
    "dataKey" TEXT,
    "format" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "columnCount" INTEGER NOT NULL,
    "schema" JSONB NOT NULL,
    "targetColumn" TEXT NOT NULL,
    "taskType" "TaskType" NOT NULL,
    "classes" JSONB NOT NULL DEFAULT '[]',
    "profileStatus" "ProfileStatus" NOT NULL DEFAULT 'PENDING',
    "profileProgress" INTEGER NOT NULL DEFAULT 0,
    "profileError" TEXT,
    "profile" JSONB,
    "splitSeed" INTEGER NOT NULL,
    "splitAssignments" BYTEA NOT NULL,
    "splitCounts" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetStar" (
    "datasetId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetStar_pkey" PRIMARY KEY ("datasetId","userId")
);

-- CreateIndex
CREATE INDEX "Dataset_createdAt_id_idx" ON "Dataset"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Dataset_tags_idx" ON "Dataset" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_ownerId_slug_key" ON "Dataset"("ownerId", "slug");

-- CreateIndex
CREATE INDEX "DatasetVersion_sha256_idx" ON "DatasetVersion"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_datasetId_number_key" ON "DatasetVersion"("datasetId", "number");

-- CreateIndex
CREATE INDEX "DatasetStar_userId_idx" ON "DatasetStar"("userId");

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetStar" ADD CONSTRAINT "DatasetStar_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetStar" ADD CONSTRAINT "DatasetStar_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search over title (A), tags (B) and description (C). Generated, so
-- it can never drift from the row. 'simple' keeps non-English words (and CJK
-- runs) as they are. Queries also fall back to substring matching on the title.
CREATE FUNCTION trainyard_tags_text(text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;

ALTER TABLE "Dataset" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce("title", '')), 'A') ||
  setweight(to_tsvector('simple'::regconfig, trainyard_tags_text("tags")), 'B') ||
  setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C')
) STORED;

CREATE INDEX "Dataset_searchVector_idx" ON "Dataset" USING GIN ("searchVector");
