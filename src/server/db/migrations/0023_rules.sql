CREATE TABLE "rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"regulation" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"payload" jsonb NOT NULL,
	"example" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"unit_id" uuid,
	"seeded" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdraw_reason" text
);
--> statement-breakpoint
ALTER TABLE "rule_sets" ADD CONSTRAINT "rule_sets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_sets" ADD CONSTRAINT "rule_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_sets" ADD CONSTRAINT "rule_sets_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rule_sets_version_uq" ON "rule_sets" USING btree ("kind",coalesce("unit_id"::text, ''),"version");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_sets_from_uq" ON "rule_sets" USING btree ("kind",coalesce("unit_id"::text, ''),"effective_from") WHERE "rule_sets"."withdrawn_at" IS NULL;--> statement-breakpoint
CREATE INDEX "rule_sets_kind_idx" ON "rule_sets" USING btree ("kind","effective_from");--> statement-breakpoint
-- A rule version is never deleted or edited: the only change is its withdrawal (withdrawn_at,
-- withdrawn_by and withdraw_reason going from NULL to a value, once).
CREATE OR REPLACE FUNCTION rule_sets_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'rule_sets is append-only: % refused', lower(TG_OP);
  END IF;
  IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL
     OR (to_jsonb(NEW) - 'withdrawn_at' - 'withdrawn_by' - 'withdraw_reason')
        IS DISTINCT FROM (to_jsonb(OLD) - 'withdrawn_at' - 'withdrawn_by' - 'withdraw_reason') THEN
    RAISE EXCEPTION 'rule_sets is append-only: update refused';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER rule_sets_append_only BEFORE UPDATE OR DELETE ON rule_sets
  FOR EACH ROW EXECUTE FUNCTION rule_sets_append_only();
--> statement-breakpoint
CREATE TRIGGER rule_sets_no_truncate BEFORE TRUNCATE ON rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION rule_sets_append_only();
