"""QA30: the self-hosting operator (CLI, settings, processes, logs)."""
