"""Command line: ``python -m bot [run|check|sync|import|export|backup]`` (``doinel`` does the same)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import discord

from bot import __version__, cli_trivia
from bot.cli_support import EXIT_USAGE, CliError, open_db, writing_to
from bot.config import Settings, snowflake_value
from bot.content.bundled import sync_bundled_packs
from bot.content.pack import PackError, PackInfo, collector_paused, pack_to_dict, read_pack_file
from bot.db.fact_import import export_facts
from bot.db.packs import EXPORT_ID, export_pack, import_pack
from bot.db.stats import content_counts
from bot.errors import ConfigError
from bot.files import write_text_whole
from bot.log import setup_logging
from bot.moderation.exporters import to_json
from bot.text import plural

log = logging.getLogger("bot")

def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="doinel", description="Doinel, the film fact and trivia bot for Discord.")
    parser.add_argument("--version", action="version", version=f"doinel {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="connect to Discord and serve (the default)",
                   description="Connect to Discord and serve until stopped (Ctrl+C or SIGTERM).")
    sub.add_parser("check", help="validate settings, migrate the database, print content counts",
                   description="Validate settings, open and migrate the database, load bundled packs, print counts.")
    sync = sub.add_parser("sync", help="register slash commands with Discord",
                          description="Register slash commands: in one server (instant) or globally (up to an hour).")
    where = sync.add_mutually_exclusive_group(required=True)
    where.add_argument("--guild", metavar="ID", help="sync to this server only")
    where.add_argument("--global", dest="global_", action="store_true", help="sync to every server")
    imp = sub.add_parser("import", help="import a content pack (JSON) into the database",
                         description="Import a content pack: all or nothing; re-importing updates, never duplicates.")
    imp.add_argument("path", type=Path, help="the pack file")
    imp.add_argument("--dry-run", action="store_true", help="report what would change and change nothing")
    exp = sub.add_parser("export", help="export all global content as a pack (JSON)",
                         description="Write every film, person and global fact and question as a content pack; "
                                     "with --guild, one server's own facts as /facts export writes them.")
    exp.add_argument("path", type=Path, help="the file to write ('-' for standard output)")
    exp.add_argument("--guild", type=int, help="a server's id: write its own facts (a file /facts import reads)")
    backup = sub.add_parser("backup", help="copy the database safely, even while the bot runs",
                            description="Copy the database with SQLite's online backup API.")
    backup.add_argument("path", type=Path, help="the backup file to write")
    cli_trivia.add_commands(sub)
    return parser


async def cmd_check(settings: Settings, _: argparse.Namespace) -> None:
    db = await open_db(settings)
    try:
        await sync_bundled_packs(db)
        counts = await content_counts(db)
        version = await db.schema_version()
    finally:
        await db.close()
    print(f"settings: ok (token {'set' if settings.has_token else 'NOT SET - required to run'})")
    print(f"database: {settings.database_path} (schema version {version})")
    print(f"content: {_content(counts.films, counts.people, counts.facts, counts.questions)}")


async def cmd_import(settings: Settings, args: argparse.Namespace) -> None:
    with collector_paused():   # reading and writing 1,000,000 facts: see collector_paused
        try:
            pack = read_pack_file(args.path)    # the facts are read as they are written
            db = await open_db(settings)
            try:
                report = await import_pack(db, pack, dry_run=args.dry_run)
            finally:
                await db.close()
        except PackError as exc:
            raise CliError(f"{exc}\nnothing was imported") from exc
        info = pack.info
        del pack    # freed here: what outlives the pause, the collector walks once when it is back on
    prefix = "dry run, nothing changed - would import" if args.dry_run else "imported"
    print(f"{prefix} {info.id} v{info.version}: {report.summary()}")


async def cmd_export(settings: Settings, args: argparse.Namespace) -> None:
    db = await open_db(settings)
    try:
        if args.guild is not None:
            facts = await export_facts(db, args.guild)
            text = to_json(facts, pack_id=f"server-{args.guild}", name=f"Facts of server {args.guild}").decode()
            what = f"{plural(len(facts), 'fact')} of server {args.guild}"
        else:
            pack = await export_pack(db, PackInfo(EXPORT_ID, "Doinel export", 1, "Everything global in this database"))
            text = json.dumps(pack_to_dict(pack), ensure_ascii=False, indent=2) + "\n"
            what = _content(**pack.counts)
    finally:
        await db.close()
    if str(args.path) == "-":
        sys.stdout.write(text)
        return
    with writing_to(args.path):
        write_text_whole(args.path, text)
    print(f"exported {what} to {args.path}")


def _content(films: int, people: int, facts: int, questions: int) -> str:
    return ", ".join((plural(films, "film"), plural(people, "person", "people"), plural(facts, "fact"),
                      plural(questions, "question")))


async def cmd_backup(settings: Settings, args: argparse.Namespace) -> None:
    if not settings.database_path.exists():
        raise CliError(f"no database at {settings.database_path}: nothing to back up")
    if args.path.resolve() == settings.database_path.resolve():
        raise CliError("the backup path is the database itself: choose another file")
    db = await open_db(settings, migrate=False)
    try:
        with writing_to(args.path):
            await db.backup(args.path)
    finally:
        await db.close()
    print(f"backed up {settings.database_path} to {args.path}")


async def cmd_sync(settings: Settings, args: argparse.Namespace) -> None:
    from bot.client import Doinel, apply_endpoints

    guild_id = None if args.global_ else snowflake_value("--guild", args.guild)  # checked as DEV_GUILD_ID is
    token = settings.require_token()
    apply_endpoints(settings)
    bot = Doinel(settings, sync_dev_guild=False, serving=False)
    async with bot:
        await _login(bot, token)
        if args.global_:
            synced = await bot.tree.sync()
            print(f"synced {len(synced)} commands globally (Discord may take up to an hour to show them)")
        else:
            guild = discord.Object(guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await _sync_to(bot, guild)
            print(f"synced {len(synced)} commands to server {guild_id}")


async def _sync_to(bot: Any, guild: discord.Object) -> list[Any]:
    try:
        return await bot.tree.sync(guild=guild)
    except discord.HTTPException as exc:  # Unknown Guild, Missing Access: not there, or no commands scope
        raise CliError(f"could not sync commands to server {guild.id} (HTTP {exc.status}: "
                       f"{exc.text or 'no details'}): is Doinel in that server, invited with the "
                       "applications.commands scope?") from exc


async def _login(bot: Any, token: str) -> None:
    try:
        await bot.login(token)
    except Exception as exc:
        _raise_start_failure(exc)


def _raise_start_failure(exc: Exception) -> None:
    """Re-raise a failure to log in or connect as the one line telling the owner what to fix."""
    failure = _start_failure(exc)
    if failure is None:
        raise exc
    raise failure from exc


def _start_failure(exc: Exception) -> CliError | None:
    if isinstance(exc, discord.LoginFailure):
        return CliError("DISCORD_TOKEN was rejected by Discord: copy a fresh token from the developer portal",
                        EXIT_USAGE)
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return CliError("MESSAGE_CONTENT_INTENT is on but the Message Content intent is not enabled for "
                        "this bot: enable it in the developer portal (Bot tab) or set it to false", EXIT_USAGE)
    if isinstance(exc, discord.HTTPException):
        return CliError(f"Discord answered HTTP {exc.status} at start-up ({exc.text or 'no details'}): "
                        "try again in a few minutes")
    if isinstance(exc, aiohttp.ClientError):
        return CliError(f"cannot reach Discord at {discord.http.Route.BASE} ({exc}): check the network "
                        "connection (or DISCORD_API_BASE)")
    return None


async def cmd_run(settings: Settings, _: argparse.Namespace) -> None:
    from bot.client import Doinel, apply_endpoints

    token = settings.require_token()
    apply_endpoints(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    if sys.platform != "win32":   # Windows has no add_signal_handler: Ctrl+C ends the run there (exit 130)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    bot = Doinel(settings)
    async with bot:
        runner = asyncio.create_task(bot.start(token))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if runner.done():
            try:
                runner.result()
            except Exception as exc:
                _raise_start_failure(exc)
        else:
            log.info("stopping")
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, None]]] = {
    "run": cmd_run, "check": cmd_check, "sync": cmd_sync, "import": cmd_import,
    "export": cmd_export, "backup": cmd_backup,
    "trivia-import": cli_trivia.cmd_trivia_import, "trivia-export": cli_trivia.cmd_trivia_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"doinel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    setup_logging(settings.log_level)
    try:
        asyncio.run(COMMANDS[command](settings, args))
    except ConfigError as exc:
        print(f"doinel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"doinel: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
