-- An attestation covers several contracts; agency reviews keep their history; agencies invite
-- the prime vendor of a contract they create (issue: contracts, attestations and review).

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('approved', 'changes_requested', 'rejected');

-- DropForeignKey
ALTER TABLE "Attestation" DROP CONSTRAINT "Attestation_contractId_fkey";

-- DropIndex
DROP INDEX "Attestation_contractId_idx";

-- AlterTable
ALTER TABLE "Attestation" DROP COLUMN "contractId";

-- AlterTable
ALTER TABLE "Contract" ALTER COLUMN "primeVendorId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "AttestationContract" (
    "attestationId" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,

    CONSTRAINT "AttestationContract_pkey" PRIMARY KEY ("attestationId","contractId")
);

-- CreateTable
CREATE TABLE "AttestationReview" (
    "id" TEXT NOT NULL,
    "attestationId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" "ReviewDecision" NOT NULL,
    "reason" TEXT,
    "itemComments" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttestationReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractInvitation" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "uei" TEXT,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AttestationContract_contractId_idx" ON "AttestationContract"("contractId");

-- CreateIndex
CREATE INDEX "AttestationReview_attestationId_createdAt_idx" ON "AttestationReview"("attestationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ContractInvitation_tokenHash_key" ON "ContractInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "ContractInvitation_contractId_idx" ON "ContractInvitation"("contractId");

-- AddForeignKey
ALTER TABLE "AttestationContract" ADD CONSTRAINT "AttestationContract_attestationId_fkey" FOREIGN KEY ("attestationId") REFERENCES "Attestation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttestationContract" ADD CONSTRAINT "AttestationContract_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttestationReview" ADD CONSTRAINT "AttestationReview_attestationId_fkey" FOREIGN KEY ("attestationId") REFERENCES "Attestation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttestationReview" ADD CONSTRAINT "AttestationReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractInvitation" ADD CONSTRAINT "ContractInvitation_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractInvitation" ADD CONSTRAINT "ContractInvitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
