-- Doinel schema, version 15: where in its channel a daily post can be looked for.
--
-- After a restart (or a failed try) the scheduler looks for the day's post in the channel before it sends
-- it again. It looked among the messages Discord dated after the claim, by the host's clock less ten
-- minutes: on a host whose clock runs fast, the post was before that and was sent twice. A claim now keeps
-- the newest message Doinel knew in the channel just before: the post can only be after it, whatever the
-- host's clock says. NULL (older rows, or a channel with no message known): by the clock, as before.
ALTER TABLE daily_posts ADD COLUMN after_message_id INTEGER;
