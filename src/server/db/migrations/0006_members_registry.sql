CREATE TABLE "member_correction_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"field" text NOT NULL,
	"current_value" text,
	"proposed_value" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_status_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"effective_date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"from_cell_id" uuid NOT NULL,
	"to_cell_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"temporary" boolean DEFAULT false NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "birth_name" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "education" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "political_theory" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "professional_qualification" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "foreign_language" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "party_position" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "record_number" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "badge_number" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "status_date" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "problems" jsonb;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "standardized" boolean;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "checked_on" date;--> statement-breakpoint
ALTER TABLE "member_correction_requests" ADD CONSTRAINT "member_correction_requests_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_status_changes" ADD CONSTRAINT "member_status_changes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_from_cell_id_units_id_fk" FOREIGN KEY ("from_cell_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_to_cell_id_units_id_fk" FOREIGN KEY ("to_cell_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_correction_requests_member_idx" ON "member_correction_requests" USING btree ("member_id","state");--> statement-breakpoint
CREATE INDEX "member_status_changes_member_idx" ON "member_status_changes" USING btree ("member_id","effective_date");--> statement-breakpoint
CREATE INDEX "member_transfers_member_idx" ON "member_transfers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_transfers_to_idx" ON "member_transfers" USING btree ("to_cell_id","state");--> statement-breakpoint
CREATE INDEX "member_transfers_from_idx" ON "member_transfers" USING btree ("from_cell_id","state");--> statement-breakpoint
CREATE INDEX "members_name_key_dob_idx" ON "members" USING btree ("name_key","date_of_birth");