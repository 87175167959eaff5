-- Extensions used by search: trigram indexes over our own folded text, unaccent for ad-hoc SQL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
