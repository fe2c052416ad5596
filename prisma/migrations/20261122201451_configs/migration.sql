-- CreateTable
CREATE TABLE "Config" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "taskType" "TaskType" NOT NULL,
    "designedForVersionId" TEXT,
    "layerTypes" TEXT[],
    "forkedFromRevisionId" TEXT,
    "forkCount" INTEGER NOT NULL DEFAULT 0,
    "starCount" INTEGER NOT NULL DEFAULT 0,
    "revisionCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" TEXT NOT NULL,
    "configId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "spec" JSONB NOT NULL,
    "specHash" TEXT NOT NULL,
    "totalParams" INTEGER,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Config_createdAt_id_idx" ON "Config"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Config_forkedFromRevisionId_idx" ON "Config"("forkedFromRevisionId");

-- CreateIndex
CREATE INDEX "Config_layerTypes_idx" ON "Config" USING GIN ("layerTypes");

-- CreateIndex
CREATE UNIQUE INDEX "Config_ownerId_slug_key" ON "Config"("ownerId", "slug");

-- CreateIndex
CREATE INDEX "ConfigRevision_specHash_idx" ON "ConfigRevision"("specHash");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigRevision_configId_number_key" ON "ConfigRevision"("configId", "number");

-- AddForeignKey
ALTER TABLE "Config" ADD CONSTRAINT "Config_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Config" ADD CONSTRAINT "Config_forkedFromRevisionId_fkey" FOREIGN KEY ("forkedFromRevisionId") REFERENCES "ConfigRevision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Config" ADD CONSTRAINT "Config_designedForVersionId_fkey" FOREIGN KEY ("designedForVersionId") REFERENCES "DatasetVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigRevision" ADD CONSTRAINT "ConfigRevision_configId_fkey" FOREIGN KEY ("configId") REFERENCES "Config"("id") ON DELETE CASCADE ON UPDATE CASCADE;
