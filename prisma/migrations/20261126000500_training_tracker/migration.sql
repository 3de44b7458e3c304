-- Worker training tracker (product.md §7): CSV imports kept between preview and confirmation,
-- and a declared headcount for organizations that keep no roster here.

-- CreateEnum
CREATE TYPE "TrainingImportStatus" AS ENUM ('previewed', 'imported', 'discarded');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "declaredHeadcount" INTEGER;

-- CreateTable
CREATE TABLE "TrainingImport" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "originalFileName" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" "TrainingImportStatus" NOT NULL DEFAULT 'previewed',
    "totalRows" INTEGER NOT NULL,
    "validRows" INTEGER NOT NULL,
    "errorRows" INTEGER NOT NULL,
    "firstErrors" JSONB NOT NULL DEFAULT '[]',
    "importedRows" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "TrainingImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TrainingImport_storageKey_key" ON "TrainingImport"("storageKey");

-- CreateIndex
CREATE INDEX "TrainingImport_organizationId_createdAt_idx" ON "TrainingImport"("organizationId", "createdAt");

-- AddForeignKey
ALTER TABLE "TrainingImport" ADD CONSTRAINT "TrainingImport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingImport" ADD CONSTRAINT "TrainingImport_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
