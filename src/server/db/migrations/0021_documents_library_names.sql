-- Search results kept in memory show the names of the owning unit, the type and the issuer
-- (search-cache.ts): renaming one is a change to the library too.
CREATE TRIGGER units_name_bumps_library_version AFTER UPDATE OF name ON units FOR EACH STATEMENT EXECUTE FUNCTION library_bump_version();--> statement-breakpoint
CREATE TRIGGER document_types_bump_library_version AFTER INSERT OR UPDATE OR DELETE ON document_types FOR EACH STATEMENT EXECUTE FUNCTION library_bump_version();--> statement-breakpoint
CREATE TRIGGER document_issuers_bump_library_version AFTER INSERT OR UPDATE OR DELETE ON document_issuers FOR EACH STATEMENT EXECUTE FUNCTION library_bump_version();
