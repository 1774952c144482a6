"""What the MCP tools take and answer: every parameter described, every answer a model (the tool's
outputSchema)."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Resolve
from mcp.types import ListRootsResult
from pydantic import BaseModel, Field

from reelsmith.agent.mcp_paths import roots_for_make, roots_for_output, roots_for_paths
from reelsmith.protocol.facts import Quality

NO_SESSION = "no session yet: upload_files or edit_video starts one, or pass the session_id of an earlier session"


# --- what the tools answer: each model is the tool's outputSchema -------------------------------
class UploadedFile(BaseModel):
    name: str = Field(description="The file's name.")
    type: str = Field(description="What the backend took it for (image, video, audio).")


class UploadAnswer(BaseModel):
    session_id: str = Field(description="The session the files went to; pass it back to keep working on it.")
    uploaded: list[UploadedFile] = Field(description="The files uploaded, in order.")


class EditAnswer(BaseModel):
    session_id: str = Field(description="The session edited; pass it back to keep working on it.")
    understood: bool = Field(
        True, description="Whether the editor acted on the request; false: nothing changed (the reply says why)."
    )
    reply: str = Field("", description="The editor's answer, in plain words.")
    changes: list[str] = Field(default_factory=list, description="What changed in the timeline, one line each.")
    summary: str = Field("", description="The timeline after the edit, in one line.")
    version: int | None = Field(None, description="The timeline's version after the edit.")


class TimelineAnswer(BaseModel):
    session_id: str | None = Field(description="The session read; null when there is no session yet.")
    summary: str = Field(description="The timeline in one line, or why there is none.")
    version: int | None = Field(description="The timeline's version; null before the first edit.")
    ready: bool = Field(description="Whether the timeline has something to export.")


class Video(BaseModel):
    """The facts of the MP4 written, read from the file itself (the same `video` as the CLI's --json)."""

    path: str = Field(description="The MP4 written: an absolute path.")
    duration: float = Field(description="The video's length in seconds, as the file has it.")
    width: int = Field(description="The video's width in pixels.")
    height: int = Field(description="The video's height in pixels.")
    fps: float = Field(description="Frames per second, as the file has it (29.97 for NTSC rates).")
    frames: int = Field(description="How many frames the video has.")
    size: int = Field(description="The file's size in bytes.")


class ExportAnswer(BaseModel):
    session_id: str = Field(description="The session rendered.")
    video: Video = Field(description="The MP4 written, and its facts.")


class MakeAnswer(EditAnswer):
    uploaded: list[UploadedFile] = Field(description="The files uploaded, in order.")
    video: Video = Field(description="The MP4 written, and its facts.")


class CreditsAnswer(BaseModel):
    available: int | None = Field(description="Credits left to spend; null when unlimited.")
    frozen: int = Field(description="Credits held by renders still running.")
    total: int | None = Field(description="The credits granted in all, when the backend says.")
    unlimited: bool = Field(description="True when renders cost nothing (the local engine).")


# --- what the tools take: every parameter described -----------------------------------------------
SessionId = Annotated[
    str | None,
    Field(description="A session_id from an earlier answer, to work on that session; leave out for the current one."),
]
Paths = Annotated[
    list[str],
    Field(
        description="Photos, clips, a logo or a song: file paths, folders (their media in name order) or http(s) "
        "URLs. Use absolute paths; a relative one resolves against the folder the host shares (its first root)."
    ),
]
Request = Annotated[
    str,
    Field(
        description='What to make or change, in plain words, e.g. "a 30-second promo with music", '
        '"make it vertical", "title says \'Summer Sale\'", "slower", "undo". Quoted text goes on screen as '
        "written."
    ),
]
Output = Annotated[
    str | None,
    Field(
        description="Where to save the MP4: an absolute path (a relative one resolves against the folder the host "
        "shares). Leave out for reelsmith-<session>-v<version>.mp4 in that folder."
    ),
]
MakeOutput = Annotated[
    str,
    Field(
        description="Where to save the MP4: an absolute path (a relative one resolves against the folder the host "
        "shares)."
    ),
]
QualityArg = Annotated[
    Quality,
    Field(description="Render quality, best to preview: higher takes longer; preview is small and quick."),
]
Overwrite = Annotated[
    bool,
    Field(description="Replace a file already at the output path; without it such a file is refused."),
]
PathRoots = Annotated[ListRootsResult | None, Resolve(roots_for_paths)]
OutputRoots = Annotated[ListRootsResult | None, Resolve(roots_for_output)]
MakeRoots = Annotated[ListRootsResult | None, Resolve(roots_for_make)]
