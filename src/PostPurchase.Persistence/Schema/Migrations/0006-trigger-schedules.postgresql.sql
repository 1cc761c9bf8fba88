-- Issue 22: Elsa.Cron as a recurring trigger: one schedule row per published Cron trigger, claimed like bookmarks.

CREATE TABLE trigger_schedules (
    "Id" text NOT NULL,
    "DefinitionId" text NOT NULL,
    "DefinitionVersionId" text NOT NULL,
    "ActivityId" text NOT NULL,
    "CronExpression" text NOT NULL,
    "NextDueAt" bigint NOT NULL,
    "LeaseOwner" text,
    "LeaseUntil" bigint,
    CONSTRAINT "PK_trigger_schedules" PRIMARY KEY ("Id")
);

CREATE INDEX "IX_trigger_schedules_DefinitionId" ON trigger_schedules ("DefinitionId");

CREATE INDEX "IX_trigger_schedules_NextDueAt" ON trigger_schedules ("NextDueAt");
