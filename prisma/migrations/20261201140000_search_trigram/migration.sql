-- Search in Chinese (issue 14): the full-text parser does not segment Chinese, so lib/search looks for segmented
-- words as substrings (ILIKE). pg_trgm's GIN indexes serve ILIKE '%…%' for patterns of three or more characters
-- (CJK trigrams included, under a UTF-8 database). pg_trgm ships with PostgreSQL's contrib (the docker image and
-- the embedded-postgres build both have it) and is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Dataset_title_trgm_idx" ON "Dataset" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "Dataset_description_trgm_idx" ON "Dataset" USING GIN ("description" gin_trgm_ops);
CREATE INDEX "Config_title_trgm_idx" ON "Config" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "Config_description_trgm_idx" ON "Config" USING GIN ("description" gin_trgm_ops);
