"""Settings: the environment plus an optional ``.env`` file, read once into a frozen object.

Every problem is reported as a ``ConfigError`` whose message names the variable and says how to
fix it; the CLI prints that one line and exits with code 2. The token never appears in a repr,
a log line or an error message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from dotenv import find_dotenv, load_dotenv

from bot.errors import ConfigError
from bot.text import is_number

DEFAULT_DATABASE_PATH = Path("data/doinel.sqlite3")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: str | None = field(default=None, repr=False)
    database_path: Path = DEFAULT_DATABASE_PATH
    dev_guild_id: int | None = None
    owner_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    api_base: str | None = None
    gateway_url: str | None = None
    message_content: bool = False

    @property
    def has_token(self) -> bool:
        return bool(self.token)

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: put your bot token in .env (see .env.example) "
                "or export DISCORD_TOKEN=..."
            )
        return self.token

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read settings from ``environ`` (default: the process environment after loading .env)."""
        if environ is None:
            if dotenv:
                # The working directory's .env (a service's WorkingDirectory), else the one beside the code.
                load_dotenv(find_dotenv(usecwd=True) or find_dotenv(), override=False)
            environ = os.environ
        env = {k: v.strip() for k, v in environ.items()}
        token = env.get("DISCORD_TOKEN") or None
        if token is not None and any(c.isspace() for c in token):
            raise ConfigError("DISCORD_TOKEN contains whitespace: paste the token exactly as Discord shows it")
        return cls(
            token=token,
            database_path=Path(env.get("DATABASE_PATH") or DEFAULT_DATABASE_PATH).expanduser(),
            dev_guild_id=_snowflake(env, "DEV_GUILD_ID"),
            owner_ids=_snowflakes(env, "OWNER_IDS"),
            log_level=_log_level(env),
            api_base=_url(env, "DISCORD_API_BASE", ("http", "https")),
            gateway_url=_url(env, "DISCORD_GATEWAY_URL", ("ws", "wss")),
            message_content=_flag(env, "MESSAGE_CONTENT_INTENT"),
        )


def snowflake_value(name: str, raw: str) -> int:
    if not is_number(raw) or not 15 <= len(raw) <= 21:
        raise ConfigError(
            f"{name} must be a Discord id (15-21 digits), got {raw!r}: "
            "enable Developer Mode in Discord, right-click, Copy ID"
        )
    return int(raw)


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "")
    return snowflake_value(name, raw) if raw else None


def _snowflakes(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "")
    parts = [p.strip() for p in raw.replace(";", ",").split(",")]
    return frozenset(snowflake_value(name, p) for p in parts if p)


def _log_level(env: Mapping[str, str]) -> str:
    level = (env.get("LOG_LEVEL") or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {level!r}")
    return level


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    raw = env.get(name, "")
    if not raw:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ConfigError(f"{name} must be a {' or '.join(s + '://' for s in schemes)} URL, got {raw!r}")
    return raw.rstrip("/")


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")

