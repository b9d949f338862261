"""Film picker with nothing typed: titles alphabetically, read in index order."""

from __future__ import annotations

from bot.db import Database, film_refs
from tests import factsupport

content_db = factsupport.content_db


async def test_nothing_typed_lists_titles_alphabetically(content_db: Database) -> None:
    assert [f.title for f in await film_refs.autocomplete(content_db, "")] == ["Day for Night", "Les Mistons",
                                                                               "The 400 Blows"]
    assert [f.title for f in await film_refs.autocomplete(content_db, "  ", limit=1)] == ["Day for Night"]
    aliases = await content_db.scalar("SELECT count(*) FROM film_names WHERE kind <> 'title'")
    assert aliases  # the original titles and aliases are in the index too, and are not listed twice
