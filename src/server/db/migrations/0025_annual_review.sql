CREATE TABLE "review_collectives" (
	"cycle_id" uuid NOT NULL,
	"cell_id" uuid NOT NULL,
	"self_grade" text,
	"note" text DEFAULT '' NOT NULL,
	"decided_grade" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_collectives_cycle_id_cell_id_pk" PRIMARY KEY("cycle_id","cell_id")
);
--> statement-breakpoint
CREATE TABLE "review_cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"reference_date" date NOT NULL,
	"deadlines" jsonb NOT NULL,
	"rule_version_id" uuid,
	"regulation" text NOT NULL,
	"rules" jsonb NOT NULL,
	"criteria_version_id" uuid,
	"criteria" jsonb NOT NULL,
	"extra_criteria" jsonb NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"cell_id" uuid NOT NULL,
	"form" text NOT NULL,
	"included" boolean NOT NULL,
	"graded" boolean NOT NULL,
	"reason" text,
	"self_status" text DEFAULT 'not_started' NOT NULL,
	"self_content" jsonb,
	"self_score" double precision,
	"self_grade" text,
	"self_saved_at" timestamp with time zone,
	"self_submitted_at" timestamp with time zone,
	"return_reason" text DEFAULT '' NOT NULL,
	"residence_status" text DEFAULT 'not_needed' NOT NULL,
	"residence_cell_id" uuid,
	"residence_comment" text DEFAULT '' NOT NULL,
	"residence_by" uuid,
	"residence_at" timestamp with time zone,
	"discussion" text DEFAULT '' NOT NULL,
	"proposed_grade" text,
	"proposed_score" double precision,
	"conditions_confirmed" integer DEFAULT 0 NOT NULL,
	"proposed_by" uuid,
	"proposed_at" timestamp with time zone,
	"decided_grade" text,
	"decision_reason" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "review_collectives" ADD CONSTRAINT "review_collectives_cycle_id_review_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."review_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_collectives" ADD CONSTRAINT "review_collectives_cell_id_units_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_cycles" ADD CONSTRAINT "review_cycles_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_entries" ADD CONSTRAINT "review_entries_cycle_id_review_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."review_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_entries" ADD CONSTRAINT "review_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_entries" ADD CONSTRAINT "review_entries_cell_id_units_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_entries" ADD CONSTRAINT "review_entries_residence_cell_id_units_id_fk" FOREIGN KEY ("residence_cell_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "review_cycles_unit_year_uq" ON "review_cycles" USING btree ("unit_id","year");--> statement-breakpoint
CREATE INDEX "review_cycles_year_idx" ON "review_cycles" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "review_entries_cycle_member_uq" ON "review_entries" USING btree ("cycle_id","member_id");--> statement-breakpoint
CREATE INDEX "review_entries_cell_idx" ON "review_entries" USING btree ("cell_id","cycle_id");--> statement-breakpoint
CREATE INDEX "review_entries_member_idx" ON "review_entries" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "review_entries_residence_idx" ON "review_entries" USING btree ("residence_cell_id");