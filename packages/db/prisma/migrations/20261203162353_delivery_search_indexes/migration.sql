-- CreateIndex
CREATE INDEX "deliveries_webhook_id_id_idx" ON "deliveries"("webhook_id", "id");

-- CreateIndex
CREATE INDEX "deliveries_tenant_id_id_idx" ON "deliveries"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "deliveries_status_id_idx" ON "deliveries"("status", "id");
