CREATE TABLE "library_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "library_state" ("id", "version") VALUES (1, 1);--> statement-breakpoint
-- Any write to the library's rows raises the version once per statement; the row lock it takes is
-- held to the end of the writing transaction, so a reader sees the new number exactly when it sees
-- the new rows (same snapshot).
CREATE FUNCTION library_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE library_state SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER documents_bump_library_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents FOR EACH STATEMENT EXECUTE FUNCTION library_bump_version();--> statement-breakpoint
CREATE TRIGGER document_targets_bump_library_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_targets FOR EACH STATEMENT EXECUTE FUNCTION library_bump_version();
