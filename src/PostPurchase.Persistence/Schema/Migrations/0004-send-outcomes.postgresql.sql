-- Issue 9: a replayed step reports the same suppression class and SMS segments as the first run did.

ALTER TABLE send_records ADD "ReasonClass" text;

ALTER TABLE send_records ADD "Segments" integer NOT NULL DEFAULT 0;
