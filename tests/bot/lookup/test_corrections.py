"""The owners' forms are pre-filled only with what they can hold."""

from __future__ import annotations

import pytest

from bot.db.films import FilmDetails
from bot.errors import InvalidInput
from bot.lookup import corrections
from tests.bot.lookup.test_embeds import film


def test_forms_are_prefilled_with_the_film() -> None:
    details = FilmDetails(film(), ("Les 400 coups",), ())
    assert corrections.text_values(details)["aliases"] == "Les 400 coups"
    assert corrections.info_values(details) == {"runtime": "99", "countries": "France", "languages": "French",
                                                "format": "Black and white", "awards": "Cannes 1959 — Best Director"}
    assert set(corrections.text_values(details)) | set(corrections.info_values(details)) <= set(corrections.FORM_FIELDS)


def test_a_film_with_more_than_a_form_holds_is_sent_to_a_content_pack() -> None:
    crowded = FilmDetails(film(title="M*A*S*H", year=1970, awards=tuple(f"Award number {i:03}" for i in range(300)),
                               countries=tuple(f"Country {i}" for i in range(100))),
                          tuple(f"Other title {i:03}" for i in range(300)), ())
    with pytest.raises(InvalidInput, match=r"M\\\*A\\\*S\\\*H \(1970\) has more other titles than a form can hold"):
        corrections.text_values(crowded)
    with pytest.raises(InvalidInput, match="has more countries and awards than a form can hold. Send the correction "
                                           r"as a content pack \(`python -m bot import`\)"):
        corrections.info_values(crowded)
