"""The packs shipped in data/packs: loaded on first start, re-imported when their version goes up."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.content.pack import load_pack_file
from bot.db.connection import Database
from bot.db.packs import ImportReport, import_pack, pack_version

log = logging.getLogger(__name__)

BUNDLED_PACKS_DIR = Path(__file__).resolve().parents[2] / "data" / "packs"


async def sync_bundled_packs(db: Database, directory: Path = BUNDLED_PACKS_DIR) -> list[ImportReport]:
    """Import every bundled pack that is new or newer than the imported copy."""
    reports = []
    for path in sorted(directory.glob("*.json")):  # noqa: ASYNC240 - start-up only, a handful of files
        pack = load_pack_file(path)
        current = await pack_version(db, pack.info.id)
        if current is not None and current >= pack.info.version:
            continue
        reports.append(await import_pack(db, pack))
        log.info("loaded bundled pack %s v%d", pack.info.id, pack.info.version)
    return reports
