-- Issue 23: Studio users with roles, and the audit trail of staff actions.

CREATE TABLE "studio_users" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_studio_users" PRIMARY KEY,
    "PasswordHash" TEXT NULL,
    "Role" TEXT NOT NULL,
    "Disabled" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "audit_entries" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Version" INTEGER NULL,
    "Detail" TEXT NULL
);

CREATE INDEX "IX_audit_entries_At" ON "audit_entries" ("At");
