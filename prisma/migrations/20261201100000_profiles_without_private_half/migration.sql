-- Profiles are public, so they are now computed without the private test half's rows (lib/datasets/ingest.ts
-- profileTabular). Profiles stored before were computed over every row: send the tables back to the worker's
-- profile job (its reconciler enqueues PENDING versions), which computes them again without those rows.
-- Image versions are profiled from class counts of the zip's directory and keep theirs.
UPDATE "DatasetVersion"
SET "profileStatus" = 'PENDING', "profileProgress" = 0, "profile" = NULL
WHERE "profileStatus" = 'DONE' AND "format"->>'kind' = 'csv';
