-- A prime vendor or a subcontractor invites a subcontractor to a contract by email
-- (issue: subcontractor tiers and flowdown; FAR 52.222-50(i)).

-- CreateTable
CREATE TABLE "SubcontractInvitation" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "parentOrganizationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "uei" TEXT,
    "contactName" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "valueCents" BIGINT,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "subcontractId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubcontractInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubcontractInvitation_tokenHash_key" ON "SubcontractInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "SubcontractInvitation_contractId_idx" ON "SubcontractInvitation"("contractId");

-- CreateIndex
CREATE INDEX "SubcontractInvitation_parentOrganizationId_idx" ON "SubcontractInvitation"("parentOrganizationId");

-- AddForeignKey
ALTER TABLE "SubcontractInvitation" ADD CONSTRAINT "SubcontractInvitation_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubcontractInvitation" ADD CONSTRAINT "SubcontractInvitation_parentOrganizationId_fkey" FOREIGN KEY ("parentOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubcontractInvitation" ADD CONSTRAINT "SubcontractInvitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
