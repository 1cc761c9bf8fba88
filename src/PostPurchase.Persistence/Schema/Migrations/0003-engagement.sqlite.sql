-- Issue 9: journey facts for reports, tracked links, and the sending step on send records.

CREATE TABLE "journey_events" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_journey_events" PRIMARY KEY AUTOINCREMENT,
    "DefinitionId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "ActivityId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Detail" TEXT NULL,
    "Value" REAL NULL,
    "MessageKey" TEXT NULL,
    "CustomerEmail" TEXT NULL,
    "CustomerId" TEXT NULL,
    "AgentClass" TEXT NULL,
    "At" INTEGER NOT NULL
);

CREATE TABLE "tracked_links" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_tracked_links" PRIMARY KEY,
    "Url" TEXT NOT NULL,
    "MessageKey" TEXT NOT NULL,
    "DefinitionId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "ActivityId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE INDEX "IX_journey_events_At" ON "journey_events" ("At");

CREATE INDEX "IX_journey_events_DefinitionId_At" ON "journey_events" ("DefinitionId", "At");

CREATE INDEX "IX_journey_events_InstanceId_Kind" ON "journey_events" ("InstanceId", "Kind");

CREATE INDEX "IX_tracked_links_CreatedAt" ON "tracked_links" ("CreatedAt");

ALTER TABLE "send_records" ADD COLUMN "DefinitionId" TEXT NULL;

ALTER TABLE "send_records" ADD COLUMN "ActivityId" TEXT NULL;
