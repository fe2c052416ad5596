-- Notifications: how many distinct people acted in a collapsed row ("@ana and 6 others"). actorIds keeps only the
-- latest five, so the distinct count is kept apart: "actorCount" on the row, and while the row is unread (the only time
-- it can collapse another event) the set of who acted, NotificationActor, so that someone acting again is not counted
-- twice. lib/notifications/notify.ts maintains both; markRead empties the set of a row it reads.

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "actorCount" INTEGER NOT NULL DEFAULT 1;

-- Existing rows: the actors they kept (exact up to five; the platform's rows have none).
UPDATE "Notification" SET "actorCount" = cardinality("actorIds");

-- CreateTable
CREATE TABLE "NotificationActor" (
    "notificationId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,

    CONSTRAINT "NotificationActor_pkey" PRIMARY KEY ("notificationId", "actorId")
);

-- AddForeignKey
ALTER TABLE "NotificationActor" ADD CONSTRAINT "NotificationActor_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The unread rows' sets, from the actors they kept.
INSERT INTO "NotificationActor" ("notificationId", "actorId")
SELECT DISTINCT n."id", a FROM "Notification" n, unnest(n."actorIds") AS a WHERE n."readAt" IS NULL;
