-- Most members were brought by nobody: indexing only the ones with a referrer makes
-- the index a fraction of its size, and an import of a whole book (which builds it
-- afresh) faster. Every lookup by referrer (`referrer_id = ?`, `IS NOT NULL`, the
-- ON DELETE SET NULL action) can still use it.
DROP INDEX members_referrer;
CREATE INDEX members_referrer ON members(referrer_id) WHERE referrer_id IS NOT NULL;
