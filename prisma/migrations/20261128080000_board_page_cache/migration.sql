-- Board page cache (issue 6): what a cached leaderboard page shows must be checkable
-- with one cheap query. The database keeps the counters itself, in triggers, so no
-- write path (a result, a run deleted with its scores, a competition rebuilding the
-- boards, a renamed config) can change a board without changing its stamp.

-- Per dataset version: bumped whenever its run scores or final submissions change.
ALTER TABLE "DatasetVersion" ADD COLUMN "boardRevision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DatasetVersion" ADD COLUMN "boardChangedAt" TIMESTAMP(3);
CREATE INDEX "DatasetVersion_boardChangedAt_idx" ON "DatasetVersion"("boardChangedAt" DESC);
UPDATE "DatasetVersion" SET "boardChangedAt" = "lastScoredAt" WHERE "lastScoredAt" IS NOT NULL;

-- Function bodies are E'' strings with \073 for each semicolon: statement splitters that
-- know nothing of dollar quotes (Prisma's wasm schema engine through driver adapters)
-- then still see one statement each.

-- Names and visibility that board rows show (config titles, handles) can change anywhere;
-- such edits are rare, so they bump one site-wide counter.
CREATE TABLE "DisplayEpoch" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "DisplayEpoch_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DisplayEpoch_one_row" CHECK ("id" = 1)
);
INSERT INTO "DisplayEpoch" ("id", "value") VALUES (1, 0);

CREATE INDEX "Dataset_updatedAt_idx" ON "Dataset"("updatedAt" DESC);

CREATE FUNCTION "bump_board_revision_new"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN UPDATE "DatasetVersion" SET "boardRevision" = "boardRevision" + 1, "boardChangedAt" = clock_timestamp() WHERE "id" IN (SELECT DISTINCT "datasetVersionId" FROM new_rows)\073 RETURN NULL\073 END';

CREATE FUNCTION "bump_board_revision_old"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN UPDATE "DatasetVersion" SET "boardRevision" = "boardRevision" + 1, "boardChangedAt" = clock_timestamp() WHERE "id" IN (SELECT DISTINCT "datasetVersionId" FROM old_rows)\073 RETURN NULL\073 END';

-- Statement-level with transition tables: one UPDATE per statement however many rows it wrote.
CREATE TRIGGER "RunScore_board_insert" AFTER INSERT ON "RunScore" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_board_revision_new"();
CREATE TRIGGER "RunScore_board_update" AFTER UPDATE ON "RunScore" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_board_revision_new"();
CREATE TRIGGER "RunScore_board_delete" AFTER DELETE ON "RunScore" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_board_revision_old"();

CREATE FUNCTION "bump_board_revision_finals"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN UPDATE "DatasetVersion" v SET "boardRevision" = v."boardRevision" + 1, "boardChangedAt" = clock_timestamp() FROM "Competition" c WHERE c."datasetVersionId" = v."id" AND c."id" = COALESCE(NEW."competitionId", OLD."competitionId")\073 RETURN NULL\073 END';
CREATE TRIGGER "FinalSubmission_board" AFTER INSERT OR UPDATE OR DELETE ON "FinalSubmission" FOR EACH ROW EXECUTE FUNCTION "bump_board_revision_finals"();

CREATE FUNCTION "bump_display_epoch"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN UPDATE "DisplayEpoch" SET "value" = "value" + 1 WHERE "id" = 1\073 RETURN NULL\073 END';
CREATE TRIGGER "Config_display" AFTER UPDATE ON "Config" FOR EACH ROW
  WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."slug" IS DISTINCT FROM NEW."slug" OR OLD."visibility" IS DISTINCT FROM NEW."visibility"
        OR OLD."ownerId" IS DISTINCT FROM NEW."ownerId" OR OLD."forkedFromRevisionId" IS DISTINCT FROM NEW."forkedFromRevisionId")
  EXECUTE FUNCTION "bump_display_epoch"();
CREATE TRIGGER "Config_display_delete" AFTER DELETE ON "Config" FOR EACH STATEMENT EXECUTE FUNCTION "bump_display_epoch"();
CREATE TRIGGER "User_display" AFTER UPDATE ON "User" FOR EACH ROW
  WHEN (OLD."handle" IS DISTINCT FROM NEW."handle") EXECUTE FUNCTION "bump_display_epoch"();
CREATE TRIGGER "User_display_delete" AFTER DELETE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "bump_display_epoch"();
