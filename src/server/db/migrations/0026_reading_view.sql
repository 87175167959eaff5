ALTER TABLE "document_files" ADD COLUMN "reading_html" text;--> statement-breakpoint
CREATE INDEX "meeting_tasks_owner_idx" ON "meeting_tasks" USING btree ("owner_member_id","due_date");