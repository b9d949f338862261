from __future__ import annotations

from bot.db.film_refs import FilmRef
from bot.db.suggestions import Suggestion
from bot.moderation.duplicates import Similar
from bot.moderation.suggestions import Queue, QueueItem
from bot.ui.format import EMBED_TOTAL_LIMIT
from bot.ui.suggestions import render_queue


def _item(i: int) -> QueueItem:
    s = Suggestion(i, 1, 2, "x" * 1_000, 3, "s" * 300, tuple(f"tag{j}" for j in range(10)), "pending", 0,
                   None, None, None, None, None, None)
    return QueueItem(s, FilmRef(3, "T" * 200, 1959, "k"), (Similar(9, "y" * 1_000, 99.0),))


def test_a_full_queue_shows_as_many_whole_suggestions_as_fit_one_message() -> None:
    """Each suggestion whole (QA19: cut to share the message out, the words cut off were approved unseen)."""
    rendered = render_queue(Queue(tuple(_item(i) for i in range(1, 6)), 12), "Approved #0.")
    embeds, view = rendered["embeds"], rendered["view"]
    assert 1 < len(embeds) < 5 and sum(len(e) for e in embeds) <= EMBED_TOTAL_LIMIT
    assert all(e.description == "x" * 1_000 and e.fields[2].value == "s" * 300 for e in embeds)
    assert rendered["content"].startswith("Approved #0.") and "12 suggestions waiting" in rendered["content"]
    assert f"showing 1–{len(embeds)}, oldest first" in rendered["content"]
    rows = {}
    for item in view.children:
        rows.setdefault(item.row, []).append(item.custom_id)
    assert sorted(rows) == [*range(len(embeds)), 4] and rows[0] == ["doinel:sugg:approve:1", "doinel:sugg:edit:1",
                                                                    "doinel:sugg:reject:1"]
    assert rows[4] == [f"doinel:suggq:{len(embeds)}"]            # Next: the page after the last one shown


def test_a_later_page_says_where_it_is_and_pages_both_ways() -> None:
    """QA22 5: the queue pages; review buttons remember the page, to show it again after the review."""
    items = tuple(QueueItem(Suggestion(i, 1, 2, "Short.", None, "", (), "pending", 0, None, None, None, None,
                                       None, None), None, ()) for i in range(9, 13))
    rendered = render_queue(Queue(items, 14, earlier=8, after=7))
    assert "**14 suggestions waiting** (showing 9–12, oldest first)." in rendered["content"]
    ids = [item.custom_id for item in rendered["view"].children]
    assert ids[:3] == ["doinel:sugg:approve:9:p7", "doinel:sugg:edit:9:p7", "doinel:sugg:reject:9:p7"]
    assert ids[-2:] == ["doinel:suggq:0", "doinel:suggq:12"]
    last = render_queue(Queue(items[:2], 10, earlier=8, after=7))
    assert [i.custom_id for i in last["view"].children][-1] == "doinel:suggq:0"     # the last page: no Next


def test_short_suggestions_are_shown_a_page_at_a_time() -> None:
    items = tuple(QueueItem(Suggestion(i, 1, 2, "Short.", None, "", (), "pending", 0, None, None, None, None,
                                       None, None), None, ()) for i in range(1, 5))
    assert len(render_queue(Queue(items, 7))["embeds"]) == 4


def test_an_empty_queue_says_how_to_fill_it() -> None:
    rendered = render_queue(Queue((), 0))
    assert rendered["view"] is None and "/fact suggest" in rendered["content"]
