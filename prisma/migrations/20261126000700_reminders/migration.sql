-- Renewal reminders and reliable email delivery (product.md §8): indexes the daily scan and the
-- platform admin's outbox page read through. The outbox, contacts' bounce marks and the agencies'
-- reminder settings already exist (init).

-- CreateIndex
CREATE INDEX "Attestation_status_updatedAt_idx" ON "Attestation"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_organizationId_kind_idx" ON "OutboxMessage"("organizationId", "kind");

-- CreateIndex
CREATE INDEX "OutboxMessage_createdAt_idx" ON "OutboxMessage"("createdAt");
