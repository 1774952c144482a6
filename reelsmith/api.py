"""The Python API behind `import reelsmith`: open a session on a backend, or make a video in one call.

    import reelsmith
    video = reelsmith.make(["a.jpg", "b.jpg"], "a 15 second slideshow with music", "out.mp4")

    with reelsmith.connect() as client:          # the local engine unless told otherwise
        s = client.new_session()
        s.upload(["a.jpg", "b.jpg"])
        for event in s.say("a 15 second slideshow"):   # the stream, as events
            ...
        s.export("out.mp4")

`aconnect` and `amake` are the same for asyncio code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelsmith import local
from reelsmith.agent.inputs import expand_inputs
from reelsmith.skill import AsyncClient, AsyncSession, Client, Event, ExportResult, UploadedFile, variants


@dataclass
class Video:
    """A video made: the file and its facts as written (a preview is 360p at 15 fps, and says so), and
    what the edit did. `to_dict()` is `reelsmith make --json`'s answer, key for key."""

    path: Path
    duration: float
    width: int
    height: int
    session_id: str
    summary: str
    reply: str
    fps: float = 0
    frames: int = 0
    size: int = 0
    understood: bool = True  # False: the editor did not act on the request (the reply says why)
    changes: list[str] = field(default_factory=list)
    version: int | None = None
    uploaded: list[dict[str, str]] = field(default_factory=list)  # [{"name", "type"}], in order

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's keys: session_id, uploaded, understood, reply, changes, summary, version,
        and `video` (path, duration, width, height, fps, frames, size)."""
        video = {"path": str(self.path), "duration": self.duration, "width": self.width, "height": self.height}
        video |= {"fps": self.fps, "frames": self.frames, "size": self.size}
        return {
            "session_id": self.session_id,
            "uploaded": list(self.uploaded),
            "understood": self.understood,
            "reply": self.reply,
            "changes": list(self.changes),
            "summary": self.summary,
            "version": self.version,
            "video": video,
        }


def connect(backend: str | None = None, skill: str | None = None) -> Client:
    """A client for `backend` ("local", the default, or "cloud"); use it as a context manager."""
    variant = variants.load(skill) if skill else None  # first: a bad skill must not leave an engine running
    return Client(local.connect(backend), variant)


def aconnect(backend: str | None = None, skill: str | None = None) -> AsyncClient:
    """The asyncio client: `async with reelsmith.aconnect() as c: s = await c.new_session()`."""
    variant = variants.load(skill) if skill else None
    b = local.connect(backend)
    try:
        return AsyncClient(b, variant)
    except BaseException:
        b.close()
        raise


def make(
    inputs: Sequence[str | Path],
    request: str,
    output: str | Path,
    *,
    backend: str | None = None,
    skill: str | None = None,
    quality: str = "high",
) -> Video:
    """Upload, edit, export and download in one call (a new session)."""
    with connect(backend, skill) as c:
        s = c.new_session()
        files = s.upload(expand_inputs(inputs))
        done = [ev for ev in s.say(request) if ev.kind == "done"][-1]
        return _video(s.export(output, quality), s.id, done, files)


async def amake(
    inputs: Sequence[str | Path],
    request: str,
    output: str | Path,
    *,
    backend: str | None = None,
    skill: str | None = None,
    quality: str = "high",
) -> Video:
    async with aconnect(backend, skill) as c:
        s: AsyncSession = await c.new_session()
        files = await s.upload(expand_inputs(inputs))
        done = [ev async for ev in s.say(request) if ev.kind == "done"][-1]
        return _video(await s.export(output, quality), s.id, done, files)


def _video(res: ExportResult, sid: str, done: Event, files: list[UploadedFile]) -> Video:
    return Video(
        res.path,
        res.seconds,
        res.width,
        res.height,
        sid,
        done.data.get("summary", ""),
        done.text,
        res.fps,
        res.frames,
        res.size,
        understood=bool(done.data.get("understood", True)),
        changes=list(done.data.get("changes", [])),
        version=done.data.get("version"),
        uploaded=[{"name": f.filename, "type": f.file_type} for f in files],
    )
