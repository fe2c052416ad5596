-- Upload limits (issue 12 item 5): the per-user storage quota counts each version's processed data
-- (packed images) as well as its original upload, and a failed image decode keeps its message's values.
ALTER TABLE "DatasetVersion" ADD COLUMN "dataSizeBytes" BIGINT;
ALTER TABLE "DatasetVersion" ADD COLUMN "profileErrorValues" JSONB;

-- Packed image files already stored: header + u16 label + pixels per image (the header's few hundred bytes left out).
UPDATE "DatasetVersion"
SET "dataSizeBytes" = "rowCount"::bigint * (2 + ("format"->>'width')::bigint * ("format"->>'height')::bigint * ("format"->>'channels')::bigint)
WHERE "dataKey" IS NOT NULL AND "format"->>'kind' = 'images';
