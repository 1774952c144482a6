"""What the client hands back: plain dataclasses over the backend's answers (raw kept)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelsmith.protocol import timeline


@dataclass
class UploadedFile:
    filename: str
    file_type: str
    url: str
    duration: float = 0.0
    width: int = 0
    height: int = 0
    fps: float = 0.0
    hash: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, f: dict[str, Any]) -> UploadedFile:
        """Either documented shape: `files[]` with cdn_url, or `uploaded_files[]` with url."""
        return cls(
            filename=str(f.get("filename") or f.get("name") or ""),
            file_type=str(f.get("file_type") or ""),
            url=str(f.get("cdn_url") or f.get("url") or ""),
            duration=float(f.get("duration") or 0),
            width=int(f.get("width") or 0),
            height=int(f.get("height") or 0),
            fps=float(f.get("fps") or 0),
            hash=str(f.get("hash") or ""),
            raw=f,
        )


@dataclass
class TimelineState:
    draft: dict[str, Any]  # as the backend sent it: unknown keys kept intact
    video_infos: list[dict[str, Any]] = field(default_factory=list)
    generated_media: list[dict[str, Any]] = field(default_factory=list)
    canvas: dict[str, Any] = field(default_factory=dict)
    version: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, data: dict[str, Any]) -> TimelineState:
        state, maybe_draft = data.get("state"), None
        st: dict[str, Any] = state if isinstance(state, dict) else data
        maybe_draft = st.get("draft")
        draft: dict[str, Any] = maybe_draft if isinstance(maybe_draft, dict) else {}
        return cls(
            draft=draft,
            video_infos=list(st.get("video_infos") or []),
            generated_media=list(st.get("generated_media") or []),
            canvas=dict(st.get("canvas_config") or {}),
            version=data.get("version"),
            raw=data,
        )

    @property
    def summary(self) -> str:
        return timeline.summary(self.draft)

    @property
    def ready(self) -> bool:
        return timeline.has_segments(self.draft)


@dataclass
class Credits:
    available: int | None  # None: unlimited (the local engine's default)
    frozen: int = 0
    total: int | None = None

    @property
    def unlimited(self) -> bool:
        return self.available is None

    def __str__(self) -> str:
        if self.unlimited:
            return "Credits: unlimited (local engine)"
        return (
            f"Credits: {self.available} available"
            + (f" ({self.frozen} reserved)" if self.frozen else "")
            + (f" of {self.total}" if self.total is not None else "")
        )


@dataclass
class ExportResult:
    """A finished export: the file, and the facts of the video read from that file (not from the draft
    that asked for it). The one source of an export's facts for every way in (CLI, MCP, API, chat)."""

    path: Path
    job_id: str
    url: str
    size: int  # bytes
    seconds: float = 0.0
    width: int = 0
    height: int = 0
    fps: float = 0
    frames: int = 0
    session_id: str | None = None  # the session whose timeline this is

    def video(self) -> dict[str, Any]:
        """The `video` of every JSON answer (CLI, MCP, Python): path, duration, width, height, fps,
        frames, size, as read from the file written."""
        return {
            "path": str(self.path),
            "duration": self.seconds,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "frames": self.frames,
            "size": self.size,
        }

    def __str__(self) -> str:
        mb = f"{self.size / 2**20:.1f} MB"
        if not self.width:  # a file with no readable video stream: only its size is known
            return f"Saved {self.path} ({mb})."
        return f"Saved {self.path} ({self.seconds:.1f} s, {self.width}x{self.height}, {mb})."


@dataclass
class Event:
    """One thing that happened in a turn.

    kinds: text_delta (new text to show), text (a whole message, already shown as deltas),
    tool_call, tool_result, heartbeat, still_working, error, done (the turn's end: `text`
    is the whole reply, `data["changes"]` what the timeline diff saw).
    """

    kind: str
    text: str = ""
    name: str = ""
    data: dict[str, Any] = field(default_factory=dict)
