"""One cog per user-facing feature; each is thin and delegates to the engine and the store."""
