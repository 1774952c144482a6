"""reelsmith: photos and clips in, a finished video out, by conversation.

The public API (see reelsmith/api.py and docs/python.md):

- `make(inputs, request, output)` / `amake(...)`: media to MP4 in one call.
- `connect(backend=None, skill=None)` / `aconnect(...)`: a client; `client.new_session()` or
  `client.session(id)` gives a session with `upload`, `say` (events), `state`, `export`;
  `client.credits()`.
- The types those return, and `SkillError` (every failure, with a message that says what to do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reelsmith._version import __version__

__all__ = [
    "__version__",
    "AsyncClient",
    "AsyncSession",
    "Client",
    "Credits",
    "Event",
    "ExportResult",
    "Session",
    "SkillError",
    "TimelineState",
    "UploadedFile",
    "Video",
    "aconnect",
    "amake",
    "connect",
    "make",
]

if TYPE_CHECKING:
    from reelsmith.api import Video, aconnect, amake, connect, make
    from reelsmith.skill import (
        AsyncClient,
        AsyncSession,
        Client,
        Credits,
        Event,
        ExportResult,
        Session,
        SkillError,
        TimelineState,
        UploadedFile,
    )

_FROM = {"Video": "api", "aconnect": "api", "amake": "api", "connect": "api", "make": "api"}


def __getattr__(name: str) -> Any:
    # imported on first use, so `reelsmith --version` and the engine do not pay for the client
    if name not in __all__:
        raise AttributeError(f"module 'reelsmith' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f".{_FROM.get(name, 'skill')}", __name__)
    return getattr(module, name)
