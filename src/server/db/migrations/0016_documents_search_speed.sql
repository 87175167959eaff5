DROP INDEX "documents_tsv_idx";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "sort_at" timestamp with time zone GENERATED ALWAYS AS (coalesce((issue_date::timestamp AT TIME ZONE 'UTC'), publish_at)) STORED;--> statement-breakpoint
CREATE INDEX "documents_head_tsv_idx" ON "documents" USING gin ("search_head_tsv") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "documents_published_sort_idx" ON "documents" USING btree ("sort_at" DESC NULLS LAST,"publish_at" DESC NULLS LAST,"id") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "documents_symbol_number_idx" ON "documents" USING btree ("symbol_number","type_code");--> statement-breakpoint
CREATE INDEX "documents_tsv_idx" ON "documents" USING gin ("search_tsv") WITH (fastupdate=false);