-- The public registry of certified vendors, filtered by agency: the agency's currently valid
-- certificates without reading every other agency's (issue: public registry).

-- CreateIndex
CREATE INDEX "Certificate_agencyId_status_validUntil_idx" ON "Certificate"("agencyId", "status", "validUntil");
