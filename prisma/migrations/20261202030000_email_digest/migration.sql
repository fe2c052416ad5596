-- E-mail digests (issue 16): each user's switch, and which unread notifications a digest has taken (lib/email).

ALTER TABLE "User" ADD COLUMN "emailDigest" BOOLEAN NOT NULL DEFAULT true;

-- null: not yet considered by a digest; set when one took the row (mailed, or passed over for want of an address).
ALTER TABLE "Notification" ADD COLUMN "emailedAt" TIMESTAMP(3);

-- The sweep (lib/email/digest.ts) reads only rows waiting for a digest: unread and not yet taken. They are few (each
-- is taken within minutes), so the index stays small whatever the size of the table.
CREATE INDEX "Notification_email_due_idx" ON "Notification"("recipientId", "updatedAt") WHERE "readAt" IS NULL AND "emailedAt" IS NULL;

-- A new event that collapses into an unread row (lib/notifications/notify.ts moves its updatedAt) is news the last
-- digest did not carry: the row waits for the next one. Only when updatedAt moves forward, so marking a row read or
-- taking it for a digest never re-arms it. Function bodies are E'' strings with \073 for each semicolon (see
-- 20261128080000_board_page_cache).
CREATE FUNCTION "notification_rearm_email"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN IF NEW."updatedAt" > OLD."updatedAt" THEN NEW."emailedAt" := NULL\073 END IF\073 RETURN NEW\073 END';
CREATE TRIGGER "Notification_rearm_email" BEFORE UPDATE OF "updatedAt" ON "Notification" FOR EACH ROW EXECUTE FUNCTION "notification_rearm_email"();
