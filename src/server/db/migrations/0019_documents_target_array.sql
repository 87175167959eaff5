ALTER TABLE "documents" ADD COLUMN "target_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
UPDATE "documents" d SET "target_unit_ids" = coalesce((SELECT array_agg(t.unit_id ORDER BY t.unit_id) FROM "document_targets" t WHERE t.document_id = d.id), '{}'::uuid[]);--> statement-breakpoint
-- documents.target_unit_ids follows document_targets: one UPDATE per statement (transition tables),
-- so writing the targets of many items at once recomputes each item once.
CREATE FUNCTION documents_sync_target_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE documents d
     SET target_unit_ids = coalesce((SELECT array_agg(t.unit_id ORDER BY t.unit_id) FROM document_targets t WHERE t.document_id = d.id), '{}'::uuid[])
   WHERE d.id IN (SELECT document_id FROM changed_targets);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER document_targets_sync_insert AFTER INSERT ON document_targets REFERENCING NEW TABLE AS changed_targets FOR EACH STATEMENT EXECUTE FUNCTION documents_sync_target_ids();--> statement-breakpoint
CREATE TRIGGER document_targets_sync_delete AFTER DELETE ON document_targets REFERENCING OLD TABLE AS changed_targets FOR EACH STATEMENT EXECUTE FUNCTION documents_sync_target_ids();--> statement-breakpoint
CREATE TRIGGER document_targets_sync_update_new AFTER UPDATE ON document_targets REFERENCING NEW TABLE AS changed_targets FOR EACH STATEMENT EXECUTE FUNCTION documents_sync_target_ids();--> statement-breakpoint
CREATE TRIGGER document_targets_sync_update_old AFTER UPDATE ON document_targets REFERENCING OLD TABLE AS changed_targets FOR EACH STATEMENT EXECUTE FUNCTION documents_sync_target_ids();
