"""The skill client: the video backend protocol, for the NemoVideo cloud and the local engine.

from reelsmith.skill import Client, backends
from reelsmith.local import connect

with Client(connect()) as c:  # the local engine, started here
    s = c.new_session()
    s.upload(["a.jpg", "b.jpg"])
    for ev in s.say("a 15-second slideshow with music"):
        ...
    s.export("out.mp4")
"""

from reelsmith.skill import backends
from reelsmith.skill.backends import Backend
from reelsmith.skill.client import AsyncClient
from reelsmith.skill.errors import (
    BackendError,
    ConnectionFailed,
    ExportBlocked,
    LocalFileError,
    NothingToExport,
    NotSaved,
    OutOfCredits,
    RateLimited,
    RenderFailed,
    SessionNotFound,
    SkillError,
    StreamLost,
    TokenInvalid,
    TooLarge,
    UnknownSession,
    UnsupportedType,
)
from reelsmith.skill.models import Credits, Event, ExportResult, TimelineState, UploadedFile
from reelsmith.skill.session import AsyncSession
from reelsmith.skill.sync import Client, Session
from reelsmith.skill.variants import Variant

__all__ = [
    "AsyncClient",
    "AsyncSession",
    "Backend",
    "BackendError",
    "Client",
    "ConnectionFailed",
    "Credits",
    "Event",
    "ExportBlocked",
    "ExportResult",
    "LocalFileError",
    "NotSaved",
    "NothingToExport",
    "OutOfCredits",
    "RateLimited",
    "RenderFailed",
    "Session",
    "SessionNotFound",
    "SkillError",
    "StreamLost",
    "TimelineState",
    "TokenInvalid",
    "TooLarge",
    "UnknownSession",
    "UnsupportedType",
    "UploadedFile",
    "Variant",
    "backends",
]
