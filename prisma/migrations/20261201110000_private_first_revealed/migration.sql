-- A version whose private half was ever revealed cannot hold a competition (the reveal can be taken back, what was
-- shown cannot). Versions revealed now count as revealed since then; earlier reveals that were taken back are unknown.
ALTER TABLE "DatasetVersion" ADD COLUMN "privateFirstRevealedAt" TIMESTAMP(3);
UPDATE "DatasetVersion" SET "privateFirstRevealedAt" = "privateRevealedAt" WHERE "privateRevealedAt" IS NOT NULL;
