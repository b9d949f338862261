from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import discord
import pytest

from bot.__main__ import main

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "packs"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean environment whose database lives in tmp_path; no .env is read from the repo."""
    for name in ("DISCORD_TOKEN", "DEV_GUILD_ID", "OWNER_IDS", "LOG_LEVEL", "DISCORD_API_BASE",
                 "DISCORD_GATEWAY_URL", "MESSAGE_CONTENT_INTENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "doinel.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return db_path


def test_run_without_token_is_one_clear_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [err.strip()] and "DISCORD_TOKEN is not set" in err
    assert "Traceback" not in err


def test_malformed_setting_exits_2(env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("OWNER_IDS", "me")
    assert main(["check"]) == 2
    assert "OWNER_IDS must be a Discord id" in capsys.readouterr().err


def test_check_on_new_database_prints_bundled_counts(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "schema version" in out
    bundled = [json.loads(p.read_text(encoding="utf-8")) for p in BUNDLED.glob("*.json")]
    facts = sum(len(d["facts"]) for d in bundled)
    assert f"{facts} facts" in out


def test_import_export_round_trip(env: Path, mini_pack_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["import", str(mini_pack_path)]) == 0
    assert "imported mini v1" in capsys.readouterr().out
    out_file = tmp_path / "out" / "export.json"
    assert main(["export", str(out_file)]) == 0
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert {f["id"] for f in exported["facts"]} >= {"m-f1", "m-f2"}
    # Into a fresh database: every film, person, fact and question comes back.
    second = tmp_path / "second.sqlite3"
    import os
    os.environ["DATABASE_PATH"] = str(second)
    assert main(["import", str(out_file)]) == 0
    assert main(["export", str(tmp_path / "again.json")]) == 0
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    for kind in ("films", "people", "facts", "questions"):
        assert again[kind] == exported[kind]


def test_import_bad_pack_changes_nothing(env: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "pack": {"id": "x", "name": "X"}, "films": [{"id": "f", "title": "Film"}], '
                   '"facts": [{"id": "a", "text": ""}]}')
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert 'bad.json: facts[0] (id \'a\'): field "text"' in err and "nothing was imported" in err
    with sqlite3.connect(env) as conn:        # the facts are read as they are written: the film was rolled back
        assert conn.execute("SELECT count(*) FROM films WHERE pack_key = 'f'").fetchone() == (0,)


def test_import_dry_run(env: Path, mini_pack_path: Path, capsys) -> None:
    assert main(["import", "--dry-run", str(mini_pack_path)]) == 0
    assert "dry run" in capsys.readouterr().out
    with sqlite3.connect(env) as conn:
        assert conn.execute("SELECT count(*) FROM facts WHERE pack_key LIKE 'm-%'").fetchone()[0] == 0


def test_backup(env: Path, tmp_path: Path, capsys) -> None:
    assert main(["check"]) == 0
    target = tmp_path / "backups" / "b.sqlite3"
    assert main(["backup", str(target)]) == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_backup_without_database(env: Path, capsys) -> None:
    assert main(["backup", "x.sqlite3"]) == 1
    assert "no database" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "check", "sync", "import", "export", "backup"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["run"], ["sync", "--guild", "123456789012345678"]])
def test_discord_unreachable_is_one_clear_line(env: Path, monkeypatch: pytest.MonkeyPatch, capsys,
                                               command: list[str]) -> None:
    with socket.socket() as probe:            # a local port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gateway = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)   # restored after the test
    monkeypatch.setattr(gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY)
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    monkeypatch.setenv("DISCORD_API_BASE", f"http://127.0.0.1:{port}/api/v10")
    monkeypatch.setenv("DISCORD_GATEWAY_URL", f"ws://127.0.0.1:{port}/")
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith(f"doinel: cannot reach Discord at http://127.0.0.1:{port}/api/v10 (")
    assert "Traceback" not in err and "voice" not in err
