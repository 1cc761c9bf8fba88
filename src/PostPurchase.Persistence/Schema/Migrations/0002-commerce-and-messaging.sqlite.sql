CREATE TABLE "consent_changes" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_consent_changes" PRIMARY KEY AUTOINCREMENT,
    "Channel" INTEGER NOT NULL,
    "Address" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Source" TEXT NOT NULL,
    "At" INTEGER NOT NULL
);

CREATE TABLE "customer_orders" (
    "Provider" TEXT NOT NULL,
    "OrderId" TEXT NOT NULL,
    "Email" TEXT NULL,
    "ProviderCustomer" TEXT NULL,
    "TotalMinor" INTEGER NOT NULL,
    "Currency" TEXT NOT NULL,
    "PurchasedAt" INTEGER NOT NULL,
    "Refunded" INTEGER NOT NULL,
    CONSTRAINT "PK_customer_orders" PRIMARY KEY ("Provider", "OrderId")
);

CREATE TABLE "inbox_events" (
    "Provider" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "EventType" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "OrderId" TEXT NULL,
    "WorkItemId" TEXT NULL,
    "Note" TEXT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_inbox_events" PRIMARY KEY ("Provider", "EventId")
);

CREATE TABLE "review_requests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_review_requests" PRIMARY KEY,
    "WorkflowInstanceId" TEXT NOT NULL,
    "Scale" INTEGER NOT NULL,
    "Threshold" INTEGER NOT NULL,
    "PublicReviewUrl" TEXT NULL,
    "OrderId" TEXT NULL,
    "CustomerName" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL
);

CREATE TABLE "reviews" (
    "RequestId" TEXT NOT NULL CONSTRAINT "PK_reviews" PRIMARY KEY,
    "WorkflowInstanceId" TEXT NOT NULL,
    "Scale" INTEGER NOT NULL,
    "Rating" INTEGER NOT NULL,
    "Comment" TEXT NULL,
    "IsPositive" INTEGER NOT NULL,
    "OrderId" TEXT NULL,
    "SubmittedAt" INTEGER NOT NULL
);

CREATE TABLE "send_records" (
    "IdempotencyKey" TEXT NOT NULL CONSTRAINT "PK_send_records" PRIMARY KEY,
    "Channel" INTEGER NOT NULL,
    "Category" INTEGER NOT NULL,
    "Recipient" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CompletedAt" INTEGER NULL,
    "WorkflowInstanceId" TEXT NULL,
    "Subject" TEXT NULL,
    "ProviderMessageId" TEXT NULL,
    "Detail" TEXT NULL,
    "DeliveryStatus" TEXT NULL,
    "DeliveryErrorCode" TEXT NULL,
    "DeliveryUpdatedAt" INTEGER NULL,
    "ClaimedAt" INTEGER NULL
);

CREATE INDEX "IX_consent_changes_Channel_Address_At" ON "consent_changes" ("Channel", "Address", "At");

CREATE INDEX "IX_customer_orders_Email" ON "customer_orders" ("Email");

CREATE INDEX "IX_customer_orders_ProviderCustomer" ON "customer_orders" ("ProviderCustomer");

CREATE INDEX "IX_inbox_events_ReceivedAt" ON "inbox_events" ("ReceivedAt");

CREATE INDEX "IX_reviews_SubmittedAt" ON "reviews" ("SubmittedAt");

CREATE INDEX "IX_send_records_Channel_Recipient_CreatedAt" ON "send_records" ("Channel", "Recipient", "CreatedAt");

CREATE INDEX "IX_send_records_ProviderMessageId" ON "send_records" ("ProviderMessageId");

CREATE INDEX "IX_send_records_WorkflowInstanceId" ON "send_records" ("WorkflowInstanceId");

-- The instance list pages newest first: an index that covers its order (replaces the (DefinitionId, CreatedAt) one).
DROP INDEX "IX_workflow_instances_DefinitionId_CreatedAt";

CREATE INDEX "IX_workflow_instances_CreatedAt_Id" ON "workflow_instances" ("CreatedAt", "Id");
CREATE INDEX "IX_workflow_instances_DefinitionId_CreatedAt_Id" ON "workflow_instances" ("DefinitionId", "CreatedAt", "Id");
