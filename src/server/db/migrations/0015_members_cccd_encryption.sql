DROP INDEX "members_cccd_uq";--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "cccd_enc" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "cccd_hash" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "cccd_masked" text;--> statement-breakpoint
CREATE UNIQUE INDEX "members_cccd_hash_uq" ON "members" USING btree ("cccd_hash");--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_cccd_companions" CHECK (("members"."cccd_enc" IS NULL) = ("members"."cccd_hash" IS NULL) AND ("members"."cccd_enc" IS NULL) = ("members"."cccd_masked" IS NULL));