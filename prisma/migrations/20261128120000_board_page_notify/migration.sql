-- Board page cache (issue 6): every change that can alter a leaderboard page's stamp
-- (lib/leaderboards/page-stamps.ts) is also announced on one channel, so web processes
-- can keep stamps in memory between changes instead of reading one per request
-- (lib/leaderboards/page-invalidation.ts). The payload is the dataset's id, or '*' for
-- a change that can touch any page (a handle or config title: the display epoch).
-- NOTIFY is sent at commit, once per distinct payload per transaction.
-- Function bodies are E'' strings with \073 for each semicolon, as in 20261128080000_board_page_cache.

-- The dataset's own row: title, slug, visibility, metric choice, deletion.
CREATE FUNCTION "notify_board_pages_dataset"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''trainyard_board_pages'', COALESCE(NEW."id", OLD."id"))\073 RETURN NULL\073 END';
CREATE TRIGGER "Dataset_board_pages" AFTER UPDATE OR DELETE ON "Dataset" FOR EACH ROW EXECUTE FUNCTION "notify_board_pages_dataset"();

-- Versions: a new or deleted version, a reveal, and every board revision (results and final
-- submissions bump "boardRevision" through the triggers of 20261128080000_board_page_cache).
CREATE FUNCTION "notify_board_pages_version"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''trainyard_board_pages'', COALESCE(NEW."datasetId", OLD."datasetId"))\073 RETURN NULL\073 END';
CREATE TRIGGER "DatasetVersion_board_pages" AFTER INSERT OR UPDATE OR DELETE ON "DatasetVersion" FOR EACH ROW EXECUTE FUNCTION "notify_board_pages_version"();

-- Competitions: opened, edited, removed (when the version is already gone, any page may be affected).
CREATE FUNCTION "notify_board_pages_competition"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''trainyard_board_pages'', COALESCE((SELECT "datasetId" FROM "DatasetVersion" WHERE "id" = COALESCE(NEW."datasetVersionId", OLD."datasetVersionId")), ''*''))\073 RETURN NULL\073 END';
CREATE TRIGGER "Competition_board_pages" AFTER INSERT OR UPDATE OR DELETE ON "Competition" FOR EACH ROW EXECUTE FUNCTION "notify_board_pages_competition"();

-- Names shown on every board (the display epoch's own triggers decide when it moves).
CREATE FUNCTION "notify_board_pages_all"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''trainyard_board_pages'', ''*'')\073 RETURN NULL\073 END';
CREATE TRIGGER "DisplayEpoch_board_pages" AFTER UPDATE ON "DisplayEpoch" FOR EACH ROW EXECUTE FUNCTION "notify_board_pages_all"();
