"""dump_list writes exactly what json.dumps would (stored lists are compared as text on re-import)."""

from __future__ import annotations

import json

import pytest

from bot.db.util import dump_list, load_list


@pytest.mark.parametrize("values", [(), [], ("paris",), ("new wave", "Léaud"), ('the "400"', "a\\b", "tab\there"),
                                    (1, "mixed")])
def test_dump_list_is_json_dumps(values) -> None:
    assert dump_list(values) == json.dumps(list(values), ensure_ascii=False)
    assert load_list(dump_list(values)) == tuple(str(v) for v in values)
