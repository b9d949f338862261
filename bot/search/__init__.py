"""Full-text search helpers shared by /search, /fact search and lookups (pure, no I/O)."""
