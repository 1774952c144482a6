"""Facts both sides of the protocol agree on, each written once: track types, export qualities,
the media a person may hand over, the default Claude models, and when text needs the CJK font."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Final, Literal, get_args


class TrackType(IntEnum):
    """The `tt` of a draft track."""

    VIDEO = 0
    AUDIO = 1
    OVERLAY = 2  # images drawn over the video: a logo, a watermark
    TEXT = 7


TRACK_NAMES: Final = {
    TrackType.VIDEO: "video",
    TrackType.AUDIO: "audio",
    TrackType.OVERLAY: "overlay",
    TrackType.TEXT: "text",
}

# Export quality, best first; "preview" is a small fast draft of the same timeline.
Quality = Literal["best", "high", "standard", "draft", "preview"]
QUALITIES: Final[tuple[Quality, ...]] = get_args(Quality)
DEFAULT_QUALITY: Final[Quality] = "high"

IMAGE_SUFFIXES: Final = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"})
VIDEO_SUFFIXES: Final = frozenset({".mp4", ".mov", ".avi", ".webm", ".mkv"})
AUDIO_SUFFIXES: Final = frozenset({".mp3", ".wav", ".m4a", ".aac"})
MEDIA_SUFFIXES: Final = IMAGE_SUFFIXES | VIDEO_SUFFIXES | AUDIO_SUFFIXES

DEFAULT_MODEL: Final = "claude-sonnet-5-5"
FAST_MODEL: Final = "claude-haiku-5-5"  # cheaper, fine for routing-heavy sessions

# (done, total): frames rendered, bytes sent, polls made; total 0 when not known yet.
Progress = Callable[[int, int], None]


def needs_cjk(text: str) -> bool:
    """Text with CJK radicals onwards (U+2E80) or full-width forms: beyond the Latin font's glyphs,
    and the sign that a request is written in Chinese or Japanese."""
    return any(ord(c) >= 0x2E80 for c in text)
