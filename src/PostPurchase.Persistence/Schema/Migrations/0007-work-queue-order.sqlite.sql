-- Issue 20: the work-queue claim takes the oldest items first; with this index it reads them in order instead of
-- sorting the whole backlog (10,000 queued purchases in a flash sale) on every claim.

CREATE INDEX "IX_work_items_CreatedAt" ON work_items ("CreatedAt");
