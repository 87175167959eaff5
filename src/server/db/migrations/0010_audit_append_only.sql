-- The audit log is append-only: no entry is ever deleted, and an entry changes only once, when the
-- sealer links it into the hash chain (chain_seq, prev_hash and hash go from NULL to a value).
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'audit_log is append-only: % refused', lower(TG_OP);
  END IF;
  IF OLD.chain_seq IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
     OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.action IS DISTINCT FROM OLD.action
     OR NEW.target_type IS DISTINCT FROM OLD.target_type OR NEW.target_id IS DISTINCT FROM OLD.target_id
     OR NEW.unit_id IS DISTINCT FROM OLD.unit_id OR NEW.unit_path IS DISTINCT FROM OLD.unit_path
     OR NEW.request_id IS DISTINCT FROM OLD.request_id OR NEW.changes IS DISTINCT FROM OLD.changes THEN
    RAISE EXCEPTION 'audit_log is append-only: update refused';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
