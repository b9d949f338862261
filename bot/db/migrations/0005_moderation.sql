-- Moderation: suggestion tags and delivery of the outcome to the member; the log channel's health.

-- Tags a member proposed with a suggestion (JSON list, like facts.tags).
ALTER TABLE suggestions ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
-- The member is told the outcome privately: when that worked, or why it could not be delivered.
ALTER TABLE suggestions ADD COLUMN notified_at INTEGER;
ALTER TABLE suggestions ADD COLUMN notify_error TEXT;

-- The last failure to post in the moderation log channel (NULL once a post succeeds again).
ALTER TABLE guild_settings ADD COLUMN log_error TEXT;
ALTER TABLE guild_settings ADD COLUMN log_error_at INTEGER;

