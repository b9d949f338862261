"""python -m bot trivia-import / trivia-export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trivia"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("DISCORD_TOKEN", "DEV_GUILD_ID", "OWNER_IDS", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL",
                 "MESSAGE_CONTENT_INTENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "doinel.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return db_path


def _count(db_path: Path, where: str = "1") -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT count(*) FROM questions WHERE {where}").fetchone()[0]


def test_import_red_list_globally_then_again(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "nouvelle-vague.yaml"
    assert main(["trivia-import", str(path), "--dry-run"]) == 0
    assert "dry run, nothing changed - would import 8 questions" in capsys.readouterr().out
    assert main(["trivia-import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "imported 8 questions (red list 'nouvelle-vague', global): 8 added" in out and "note: CONFIG" in out
    assert _count(env, "list_name = 'nouvelle-vague' AND guild_id = 0") == 8
    assert main(["trivia-import", str(path)]) == 0
    assert "0 added, 0 updated, 8 unchanged" in capsys.readouterr().out


def test_import_into_a_server_with_a_film(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0  # loads the bundled pack (the film the-400-blows)
    capsys.readouterr()
    path = FIXTURES / "opentdb-film.json"
    assert main(["trivia-import", str(path), "--guild", "123456789012345678", "--film", "the-400-blows",
                 "--name", "OTDB"]) == 0
    assert "3 added" in capsys.readouterr().out
    assert _count(env, "guild_id = 123456789012345678 AND list_name = 'OTDB' AND film_id IS NOT NULL") == 3
    assert main(["trivia-import", str(path), "--film", "nope"]) == 1
    assert "no film with pack id 'nope'" in capsys.readouterr().err


def test_bad_list_imports_nothing(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("Good?:\n- yes\nMissing?:\n", encoding="utf-8")
    assert main(["trivia-import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert 'question "Missing?" (line 3): has no answers' in err and "nothing was imported" in err
    assert main(["trivia-import", str(tmp_path / "missing.yaml")]) == 1


def test_export_both_formats(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert main(["trivia-export", str(tmp_path / "all.yaml")]) == 0
    exported = yaml.safe_load((tmp_path / "all.yaml").read_text(encoding="utf-8"))
    assert exported["Who directed The 400 Blows?"][0] == "François Truffaut"
    assert main(["trivia-export", str(tmp_path / "all.json"), "--format", "opentdb"]) == 0
    doc = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert len(doc["results"]) == len(exported) - 2  # AUTHOR and DESCRIPTION are not questions
    assert all(len(r["incorrect_answers"]) == 3 for r in doc["results"])
    assert "exported 75 questions to" in capsys.readouterr().out
    assert main(["trivia-export", "-", "--list", "nothing-here"]) == 1


def test_export_refuses_an_open_trivia_db_file_with_no_question(env: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    red = tmp_path / "club.yaml"
    red.write_text("Who directed Jaws?:\n- Spielberg\n", encoding="utf-8")
    assert main(["trivia-import", str(red)]) == 0
    assert main(["trivia-export", str(tmp_path / "club.json"), "--format", "opentdb", "--list", "club"]) == 1
    assert "export as red instead" in capsys.readouterr().err and not (tmp_path / "club.json").exists()
    assert main(["trivia-export", str(tmp_path / "club.yaml"), "--list", "club"]) == 0
    assert "exported 1 question to" in capsys.readouterr().out
