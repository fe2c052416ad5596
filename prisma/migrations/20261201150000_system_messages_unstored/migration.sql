-- System-written messages are no longer stored in English: pages render them in the reader's language.
-- A fork's first-revision message also named its parent as "@owner/slug", even when the parent is private.
UPDATE "DatasetVersion" SET "message" = '' WHERE "number" = 1 AND "message" = 'Initial upload';
UPDATE "ConfigRevision" SET "message" = '' WHERE "number" = 1 AND ("message" = 'First revision' OR "message" LIKE 'Forked from @%');
