-- Issue 22: Elsa.Cron as a recurring trigger: one schedule row per published Cron trigger, claimed like bookmarks.

CREATE TABLE "trigger_schedules" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_trigger_schedules" PRIMARY KEY,
    "DefinitionId" TEXT NOT NULL,
    "DefinitionVersionId" TEXT NOT NULL,
    "ActivityId" TEXT NOT NULL,
    "CronExpression" TEXT NOT NULL,
    "NextDueAt" INTEGER NOT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseUntil" INTEGER NULL
);

CREATE INDEX "IX_trigger_schedules_DefinitionId" ON "trigger_schedules" ("DefinitionId");

CREATE INDEX "IX_trigger_schedules_NextDueAt" ON "trigger_schedules" ("NextDueAt");
