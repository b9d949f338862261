"""A local Discord (REST v10 + gateway v10 on 127.0.0.1) that an unmodified discord.py bot can use.

See :class:`~tests.emulator.driver.Emulator` for the test API and
:mod:`tests.emulator.pytest_plugin` for the fixtures.
"""

from .appcommands import NotAllowed
from .config import DISCORD_BUCKETS, EmulatorConfig, RateLimit
from .driver import Emulator
from .interactions import BotResponse, ErrorRecord, Interaction
from .permissions import Perm
from .rest import RequestRecord, Violation
from .state import Channel, Guild, Member, Message, Role, User

__all__ = [
    "DISCORD_BUCKETS",
    "BotResponse",
    "Channel",
    "Emulator",
    "EmulatorConfig",
    "ErrorRecord",
    "Guild",
    "Interaction",
    "Member",
    "Message",
    "NotAllowed",
    "Perm",
    "RateLimit",
    "RequestRecord",
    "Role",
    "User",
    "Violation",
]
