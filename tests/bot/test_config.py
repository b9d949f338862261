from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_PATH, Settings
from bot.errors import ConfigError

TOKEN = "MTIz.secret-token-value.xyz"


def test_defaults_without_anything_set() -> None:
    s = Settings.from_env({})
    assert s.token is None and not s.has_token
    assert s.database_path == DEFAULT_DATABASE_PATH
    assert s.dev_guild_id is None and s.owner_ids == frozenset()
    assert s.log_level == "INFO" and s.message_content is False


def test_reads_every_setting() -> None:
    s = Settings.from_env({
        "DISCORD_TOKEN": TOKEN, "DATABASE_PATH": "/tmp/x.db", "DEV_GUILD_ID": "123456789012345678",
        "OWNER_IDS": "111111111111111111, 222222222222222222", "LOG_LEVEL": "debug",
        "DISCORD_API_BASE": "http://127.0.0.1:9000/api/v10/", "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9000/",
        "MESSAGE_CONTENT_INTENT": "true",
    })
    assert s.token == TOKEN and s.database_path == Path("/tmp/x.db")
    assert s.dev_guild_id == 123456789012345678
    assert s.owner_ids == {111111111111111111, 222222222222222222}
    assert s.log_level == "DEBUG" and s.message_content is True
    assert s.api_base == "http://127.0.0.1:9000/api/v10"
    assert s.gateway_url == "ws://127.0.0.1:9000"


def test_missing_token_is_a_clear_error_only_when_running() -> None:
    s = Settings.from_env({})
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is not set"):
        s.require_token()


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("DEV_GUILD_ID", "my-server", "DEV_GUILD_ID must be a Discord id"),
        ("DEV_GUILD_ID", "12", "DEV_GUILD_ID must be a Discord id"),
        ("OWNER_IDS", "111111111111111111,bob", "OWNER_IDS must be a Discord id"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of"),
        ("DISCORD_API_BASE", "discord.com/api", "DISCORD_API_BASE must be a http:// or https:// URL"),
        ("DISCORD_GATEWAY_URL", "http://x", "DISCORD_GATEWAY_URL must be a ws:// or wss:// URL"),
        ("MESSAGE_CONTENT_INTENT", "maybe", "MESSAGE_CONTENT_INTENT must be true or false"),
        ("DISCORD_TOKEN", "abc def", "DISCORD_TOKEN contains whitespace"),
    ],
)
def test_malformed_values_name_the_variable(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        Settings.from_env({name: value})


def test_token_never_in_repr_or_errors() -> None:
    s = Settings.from_env({"DISCORD_TOKEN": TOKEN, "LOG_LEVEL": "INFO"})
    assert TOKEN not in repr(s) and TOKEN not in str(s)
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"DISCORD_TOKEN": TOKEN, "LOG_LEVEL": "nope"})
    assert TOKEN not in str(info.value)


def test_settings_are_frozen() -> None:
    s = Settings.from_env({})
    with pytest.raises(AttributeError):
        s.log_level = "DEBUG"  # type: ignore[misc]
