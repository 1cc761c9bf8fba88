-- Issue 9: a replayed step reports the same suppression class and SMS segments as the first run did.

ALTER TABLE "send_records" ADD COLUMN "ReasonClass" TEXT NULL;

ALTER TABLE "send_records" ADD COLUMN "Segments" INTEGER NOT NULL DEFAULT 0;
