-- Verify a PDF (product.md §6): an uploaded certificate file is looked up by its SHA-256.

-- CreateIndex
CREATE INDEX "Certificate_pdfSha256_idx" ON "Certificate"("pdfSha256");
