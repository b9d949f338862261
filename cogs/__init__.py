"""Discord-facing features. Each module is an extension with a ``setup`` function; cogs stay thin."""
