"""``python -m bot trivia-import`` and ``trivia-export``: question lists from and to files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_support import CliError, open_db, writing_to
from bot.config import Settings
from bot.db import Database, film_refs
from bot.db import questions as questions_db
from bot.errors import InvalidInput
from bot.files import write_text_whole
from bot.text import plural
from bot.trivia.formats import ListError, export_questions, parse_question_file


def add_commands(sub: Any) -> None:
    """Register the trivia subcommands on the CLI's subparsers."""
    imp = sub.add_parser("trivia-import", help="import a trivia question list (Red YAML, Open Trivia DB JSON)",
                         description="Import a Red-DiscordBot trivia list (.yaml), an Open Trivia DB file (.json) "
                                     "or the questions of a pack: all or nothing; re-importing updates in place.")
    imp.add_argument("path", type=Path, help="the list file")
    imp.add_argument("--guild", type=int, metavar="ID", help="import into this server only (default: global)")
    imp.add_argument("--name", help="list name (default: the file name)")
    imp.add_argument("--film", metavar="KEY", help="tie every question to this film (its pack id)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change and change nothing")
    exp = sub.add_parser("trivia-export", help="export trivia questions as a Red or Open Trivia DB list",
                         description="Write questions as a Red-DiscordBot list (YAML) or Open Trivia DB JSON.")
    exp.add_argument("path", type=Path, help="the file to write ('-' for standard output)")
    exp.add_argument("--format", choices=("red", "opentdb"), default="red", help="file format (default: red)")
    exp.add_argument("--guild", type=int, metavar="ID", help="that server's questions (default: global ones)")
    exp.add_argument("--list", dest="list_name", help="only this question list")


async def _film_id(db: Database, key: str | None) -> int | None:
    if key is None:
        return None
    found = await film_refs.by_key(db, key)
    if found is None:
        raise InvalidInput(f"no film with pack id {key!r}: import its pack first")
    return found.id


async def cmd_trivia_import(settings: Settings, args: argparse.Namespace) -> None:
    try:
        parsed = parse_question_file(args.path.read_bytes(), args.path.name, args.name)
    except OSError as exc:
        raise CliError(f"{args.path}: cannot read the file ({exc.strerror})") from exc
    except ListError as exc:
        raise CliError(f"{exc}\nnothing was imported") from exc
    db = await open_db(settings)
    try:
        film_id = await _film_id(db, args.film)
        report = await questions_db.import_questions(db, parsed.questions, guild_id=args.guild, film_id=film_id,
                                                     dry_run=args.dry_run, list_name=parsed.name,
                                                     merge=parsed.merged)
    except InvalidInput as exc:
        raise CliError(f"{exc.message}\nnothing was imported") from exc
    finally:
        await db.close()
    where = f"server {args.guild}" if args.guild else "global"
    prefix = "dry run, nothing changed - would import" if args.dry_run else "imported"
    print(f"{prefix} {plural(len(parsed.questions), 'question')} ({parsed.format} list {parsed.name!r}, {where}): "
          f"{report.summary()}")
    for note in parsed.notes:
        print(f"note: {note}")


async def cmd_trivia_export(settings: Settings, args: argparse.Namespace) -> None:
    db = await open_db(settings)
    try:
        entries = await questions_db.for_export(db, args.guild, list_name=args.list_name)
    finally:
        await db.close()
    if not entries:
        raise CliError("no questions to export")
    try:
        exported = export_questions(entries, args.format, author="Doinel export")
    except InvalidInput as exc:
        raise CliError(f"{exc.message}\nnothing was written") from exc
    if str(args.path) == "-":
        print(exported.text, end="")
        return
    with writing_to(args.path):
        write_text_whole(args.path, exported.text)
    left_out = f" ({exported.left_out_text} left out)" if exported.left_out else ""
    print(f"exported {plural(exported.written, 'question')} to {args.path}{left_out}")
