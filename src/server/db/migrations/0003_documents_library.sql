CREATE TABLE "document_bookmarks" (
	"user_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_bookmarks_user_id_document_id_pk" PRIMARY KEY("user_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "document_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"slot" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"stored_file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text_status" text DEFAULT 'none' NOT NULL,
	"extracted_text" text DEFAULT '' NOT NULL,
	"page_count" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"replaced_at" timestamp with time zone,
	"replaced_by" uuid
);
--> statement-breakpoint
CREATE TABLE "document_issuers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_reads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"member_id" uuid,
	"first_read_at" timestamp with time zone NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	"read_count" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_targets" (
	"document_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "document_targets_document_id_unit_id_pk" PRIMARY KEY("document_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "document_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text DEFAULT 'document' NOT NULL,
	"unit_id" uuid NOT NULL,
	"symbol" text,
	"symbol_number" text,
	"symbol_key" text,
	"type_code" text,
	"issuer_code" text,
	"issue_date" date,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"category" text,
	"body_html" text DEFAULT '' NOT NULL,
	"cover_file_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"published_by" uuid,
	"review_comment" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"body_folded" text DEFAULT '' NOT NULL,
	"text_status" text DEFAULT 'none' NOT NULL,
	"search_head" text DEFAULT '' NOT NULL,
	"search_tsv" "tsvector"
);
--> statement-breakpoint
ALTER TABLE "document_bookmarks" ADD CONSTRAINT "document_bookmarks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_bookmarks" ADD CONSTRAINT "document_bookmarks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_stored_file_id_stored_files_id_fk" FOREIGN KEY ("stored_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_reads" ADD CONSTRAINT "document_reads_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_reads" ADD CONSTRAINT "document_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_reads" ADD CONSTRAINT "document_reads_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_targets" ADD CONSTRAINT "document_targets_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_targets" ADD CONSTRAINT "document_targets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_type_code_document_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."document_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_issuer_code_document_issuers_code_fk" FOREIGN KEY ("issuer_code") REFERENCES "public"."document_issuers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_cover_file_id_stored_files_id_fk" FOREIGN KEY ("cover_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_files_doc_idx" ON "document_files" USING btree ("document_id","slot","version");--> statement-breakpoint
CREATE UNIQUE INDEX "document_files_slot_version_uq" ON "document_files" USING btree ("slot","version");--> statement-breakpoint
CREATE UNIQUE INDEX "document_reads_uq" ON "document_reads" USING btree ("document_id","user_id");--> statement-breakpoint
CREATE INDEX "document_reads_member_idx" ON "document_reads" USING btree ("member_id","document_id");--> statement-breakpoint
CREATE INDEX "document_reads_history_idx" ON "document_reads" USING btree ("user_id","last_read_at");--> statement-breakpoint
CREATE INDEX "document_targets_unit_idx" ON "document_targets" USING btree ("unit_id","document_id");--> statement-breakpoint
CREATE INDEX "documents_unit_idx" ON "documents" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "documents_status_idx" ON "documents" USING btree ("kind","status","publish_at");--> statement-breakpoint
CREATE INDEX "documents_symbol_idx" ON "documents" USING btree ("symbol_key");--> statement-breakpoint
CREATE INDEX "documents_type_idx" ON "documents" USING btree ("type_code","issue_date");--> statement-breakpoint
CREATE INDEX "documents_tsv_idx" ON "documents" USING gin ("search_tsv");--> statement-breakpoint
-- Starting codes (DOMAIN.md, "Documents"); installations add their own through the API.
INSERT INTO "document_types" ("code", "name", "sort_order") VALUES
  ('NQ', 'Nghị quyết', 1), ('CT', 'Chỉ thị', 2), ('KL', 'Kết luận', 3), ('QĐ', 'Quy định, Quyết định', 4),
  ('QC', 'Quy chế', 5), ('HD', 'Hướng dẫn', 6), ('KH', 'Kế hoạch', 7), ('CTr', 'Chương trình', 8),
  ('TB', 'Thông báo', 9), ('BC', 'Báo cáo', 10), ('CV', 'Công văn', 11), ('VK', 'Văn kiện đại hội', 12),
  ('TLSH', 'Tài liệu sinh hoạt chi bộ', 13), ('TLTK', 'Tài liệu tham khảo', 14)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "document_issuers" ("code", "name", "sort_order") VALUES
  ('TW', 'Ban Chấp hành Trung ương', 1), ('BTCTW', 'Ban Tổ chức Trung ương', 2), ('BTGTW', 'Ban Tuyên giáo Trung ương', 3),
  ('VPTW', 'Văn phòng Trung ương Đảng', 4), ('UBKTTW', 'Ủy ban Kiểm tra Trung ương', 5), ('TU', 'Tỉnh ủy', 6),
  ('ThU', 'Thành ủy', 7), ('HU', 'Huyện ủy', 8), ('QU', 'Quận ủy', 9), ('ĐU', 'Đảng ủy', 10),
  ('BTCTU', 'Ban Tổ chức Tỉnh ủy', 11), ('BTGTU', 'Ban Tuyên giáo Tỉnh ủy', 12), ('VPTU', 'Văn phòng Tỉnh ủy', 13), ('CB', 'Chi bộ', 14)
ON CONFLICT DO NOTHING;
