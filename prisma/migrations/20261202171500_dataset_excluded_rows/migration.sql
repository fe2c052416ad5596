-- Rows whose target is empty are kept, in no split (split code 4), instead of refusing the upload.
ALTER TABLE "DatasetVersion" ADD COLUMN "excludedRowCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DatasetVersion" ADD COLUMN "excludedLines" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[];

-- Every stored split counts its excluded rows, none so far.
UPDATE "DatasetVersion" SET "splitCounts" = "splitCounts" || '{"excluded": 0}'::jsonb WHERE NOT ("splitCounts" ? 'excluded');
