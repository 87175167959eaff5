-- Search vectors without positions or weights: nothing ranks by them (the head is its own vector),
-- and a stripped vector is a fifth of the size, small enough to stay inside the row instead of
-- being fetched from TOAST for every match the planner checks (see search.service.ts).
UPDATE "documents" SET "search_tsv" = strip("search_tsv"), "search_head_tsv" = strip("search_head_tsv") WHERE "search_tsv" IS NOT NULL OR "search_head_tsv" IS NOT NULL;
