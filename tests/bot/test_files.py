"""Files written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

from bot.files import write_text_whole


def test_a_file_is_written_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "backups" / "content.json"
    write_text_whole(target, "première\n")
    assert target.read_text(encoding="utf-8") == "première\n" and target.stat().st_mode & 0o777 == 0o644
    os.chmod(target, 0o600)
    write_text_whole(target, "again\n")
    assert target.read_text(encoding="utf-8") == "again\n" and target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["content.json"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "content.json"
    target.write_text("last night's export", encoding="utf-8")
    with mock.patch("os.fsync", side_effect=OSError(28, "No space left on device")), pytest.raises(OSError):
        write_text_whole(target, "tonight's export")
    assert target.read_text(encoding="utf-8") == "last night's export"
    assert [p.name for p in tmp_path.iterdir()] == ["content.json"]
