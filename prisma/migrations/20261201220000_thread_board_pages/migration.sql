-- Board page cache and discussions: a board page shows a Discussion section (the count and latest threads about its
-- dataset version and the competition on it), and signed-out board pages are served from the page cache while their
-- stamp matches (lib/page-cache/stamps.ts, decision 0002). Every change to a thread about a dataset version or a
-- competition — a new thread, a reply or vote (counts, last activity), an accepted answer, an edit, a deletion —
-- therefore bumps that version's "boardRevision", which is in the stamp; the UPDATE fires "DatasetVersion_board_pages"
-- (20261128120000_board_page_notify), which announces the dataset to every web process. "boardChangedAt" is left
-- alone: it orders the leaderboards index by results, and a conversation is not a result.
-- Function bodies are E'' strings with \073 for each semicolon, as in 20261128080000_board_page_cache.

CREATE FUNCTION "bump_board_revision_thread"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN UPDATE "DatasetVersion" SET "boardRevision" = "boardRevision" + 1 WHERE "id" = ANY(ARRAY[NEW."datasetVersionId", OLD."datasetVersionId"]) OR "id" IN (SELECT c."datasetVersionId" FROM "Competition" c WHERE c."id" = ANY(ARRAY[NEW."competitionId", OLD."competitionId"]))\073 RETURN NULL\073 END';

-- Row-level: a thread is written one at a time, and only threads about a version or a competition concern a board.
CREATE TRIGGER "Thread_board_insert" AFTER INSERT ON "Thread" FOR EACH ROW
  WHEN (NEW."datasetVersionId" IS NOT NULL OR NEW."competitionId" IS NOT NULL)
  EXECUTE FUNCTION "bump_board_revision_thread"();
CREATE TRIGGER "Thread_board_update" AFTER UPDATE ON "Thread" FOR EACH ROW
  WHEN ((NEW."datasetVersionId" IS NOT NULL OR NEW."competitionId" IS NOT NULL OR OLD."datasetVersionId" IS NOT NULL
         OR OLD."competitionId" IS NOT NULL) AND OLD IS DISTINCT FROM NEW)
  EXECUTE FUNCTION "bump_board_revision_thread"();
CREATE TRIGGER "Thread_board_delete" AFTER DELETE ON "Thread" FOR EACH ROW
  WHEN (OLD."datasetVersionId" IS NOT NULL OR OLD."competitionId" IS NOT NULL)
  EXECUTE FUNCTION "bump_board_revision_thread"();
