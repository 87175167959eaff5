CREATE TABLE "vote_ballot_boxes" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"ballots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cast" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"member_id" uuid,
	"name" text NOT NULL,
	"source" text DEFAULT 'proposed' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"mode" text NOT NULL,
	"title" text NOT NULL,
	"subject_name" text DEFAULT '' NOT NULL,
	"subject_member_id" uuid,
	"office" text,
	"seats" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"rule_version_id" uuid,
	"rule_regulation" text,
	"rules" jsonb,
	"roll" jsonb,
	"tally" jsonb,
	"result" jsonb,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_participation" (
	"item_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"choice" jsonb,
	CONSTRAINT "vote_participation_item_id_member_id_pk" PRIMARY KEY("item_id","member_id"),
	CONSTRAINT "vote_participation_client_id_unique" UNIQUE("client_id")
);
--> statement-breakpoint
CREATE TABLE "member_disciplines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"decided_on" date NOT NULL,
	"form" text NOT NULL,
	"decided_by" text NOT NULL,
	"document_number" text DEFAULT '' NOT NULL,
	"file_id" uuid,
	"reason" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"decided_by" text DEFAULT '' NOT NULL,
	"document_number" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vote_ballot_boxes" ADD CONSTRAINT "vote_ballot_boxes_item_id_vote_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."vote_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_candidates" ADD CONSTRAINT "vote_candidates_item_id_vote_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."vote_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_candidates" ADD CONSTRAINT "vote_candidates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_items" ADD CONSTRAINT "vote_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_items" ADD CONSTRAINT "vote_items_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_participation" ADD CONSTRAINT "vote_participation_item_id_vote_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."vote_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_participation" ADD CONSTRAINT "vote_participation_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_disciplines" ADD CONSTRAINT "member_disciplines_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_disciplines" ADD CONSTRAINT "member_disciplines_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_suspensions" ADD CONSTRAINT "member_suspensions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vote_candidates_item_idx" ON "vote_candidates" USING btree ("item_id","position");--> statement-breakpoint
CREATE INDEX "vote_items_meeting_idx" ON "vote_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "member_disciplines_member_idx" ON "member_disciplines" USING btree ("member_id","decided_on");--> statement-breakpoint
CREATE INDEX "member_suspensions_member_idx" ON "member_suspensions" USING btree ("member_id","from_date");