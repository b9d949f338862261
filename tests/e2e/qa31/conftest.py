"""QA31 fixtures."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DoinelHarness
from tests.e2e.qa31.support import typed
from tests.emulator import Emulator


@pytest.fixture
async def typed_bot(emulator: Emulator, doinel_harness: DoinelHarness) -> Doinel:
    """Doinel with the Message Content intent (typed rounds), rounds sped up 20 times."""
    return await typed(emulator, doinel_harness)
