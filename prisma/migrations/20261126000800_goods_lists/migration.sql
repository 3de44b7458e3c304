-- High-risk goods lists (DOL TVPRA list, EO 13126 list) by edition, and the goods a contract
-- declares with their source countries (issue: high-risk goods lists).

-- CreateEnum
CREATE TYPE "GoodsList" AS ENUM ('tvpra', 'eo13126');

-- CreateTable
CREATE TABLE "ContractGood" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "good" TEXT NOT NULL,
    "goodKey" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractGood_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoodsListEdition" (
    "id" TEXT NOT NULL,
    "list" "GoodsList" NOT NULL,
    "edition" TEXT NOT NULL,
    "publishedOn" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "rowCount" INTEGER NOT NULL,

    CONSTRAINT "GoodsListEdition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoodsListEntry" (
    "id" TEXT NOT NULL,
    "editionId" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "countryName" TEXT NOT NULL,
    "good" TEXT NOT NULL,
    "goodKey" TEXT NOT NULL,
    "childLabor" BOOLEAN NOT NULL,
    "forcedLabor" BOOLEAN NOT NULL,
    "forcedChildLabor" BOOLEAN NOT NULL,

    CONSTRAINT "GoodsListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContractGood_goodKey_countryCode_idx" ON "ContractGood"("goodKey", "countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "ContractGood_contractId_goodKey_countryCode_key" ON "ContractGood"("contractId", "goodKey", "countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "GoodsListEdition_list_edition_key" ON "GoodsListEdition"("list", "edition");

-- CreateIndex
CREATE INDEX "GoodsListEntry_goodKey_countryCode_idx" ON "GoodsListEntry"("goodKey", "countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "GoodsListEntry_editionId_countryCode_goodKey_key" ON "GoodsListEntry"("editionId", "countryCode", "goodKey");

-- AddForeignKey
ALTER TABLE "ContractGood" ADD CONSTRAINT "ContractGood_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoodsListEntry" ADD CONSTRAINT "GoodsListEntry_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "GoodsListEdition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
