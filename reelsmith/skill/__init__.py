"""The skill client: the video backend protocol, for the NemoVideo cloud and the local engine.

    from reelsmith.skill import Client, backends
    with Client(backends.local()) as c:
        s = c.new_session()
        s.upload(["a.jpg", "b.jpg"])
        for ev in s.say("a 15-second slideshow with music"):
            ...
        s.export("out.mp4")
"""

from . import backends
from .backends import Backend
from .client import AsyncClient
from .errors import (
    BackendError,
    ConnectionFailed,
    ExportBlocked,
    LocalFileError,
    NothingToExport,
    OutOfCredits,
    RateLimited,
    RenderFailed,
    SessionNotFound,
    SkillError,
    StreamLost,
    TokenInvalid,
    TooLarge,
    UnsupportedType,
)
from .models import Credits, Event, ExportResult, TimelineState, UploadedFile
from .session import AsyncSession
from .sync import Client, Session
from .variants import Variant

__all__ = [
    "AsyncClient", "AsyncSession", "Backend", "BackendError", "Client", "ConnectionFailed", "Credits", "Event",
    "ExportBlocked", "ExportResult", "LocalFileError", "NothingToExport", "OutOfCredits", "RateLimited",
    "RenderFailed", "Session", "SessionNotFound", "SkillError", "StreamLost", "TimelineState", "TokenInvalid",
    "TooLarge", "UnsupportedType", "UploadedFile", "Variant", "backends",
]
