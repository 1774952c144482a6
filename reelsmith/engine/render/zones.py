"""Where text and logos may go: each platform's safe zone, as data.

Each platform draws its own interface over a video (names, captions, buttons, progress bars), so
anything that must be read stays inside the area none of them covers. We do not know where a video
will be posted, so a canvas gets the zone every platform of its shape leaves free: a 9:16 video is
kept clear of Reels' bottom band, TikTok's right-hand buttons and Shorts' title bar at once.

Margins are fractions of the canvas (left, top, right, bottom), from the platforms' published
guidance (Meta Business Help Center for Reels, TikTok Creative Center, YouTube's Shorts guidance)
and the broadcast title-safe area (5%) for landscape players.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# platform: (left, top, right, bottom) margins as fractions of the canvas
MARGINS: Final[dict[str, tuple[float, float, float, float]]] = {
    "reels": (0.06, 0.14, 0.06, 0.35),  # Meta: clear of the top 14%, the bottom 35%, 6% each side
    "tiktok": (0.06, 0.08, 0.12, 0.20),  # the right-hand button rail and the caption band
    "shorts": (0.05, 0.10, 0.12, 0.25),  # title, channel and subscribe at the bottom, buttons right
    "youtube": (0.05, 0.08, 0.05, 0.10),  # title-safe, and the progress bar
    "feed_square": (0.05, 0.05, 0.05, 0.08),  # Instagram and Facebook feed, 1:1
    "feed_portrait": (0.05, 0.05, 0.05, 0.10),  # 4:5 feed posts: the caption bar on tap
}

# the platforms a canvas of each shape is made for (width / height)
SHAPES: Final[tuple[tuple[float, float, tuple[str, ...]], ...]] = (
    (0.0, 0.7, ("reels", "tiktok", "shorts")),  # 9:16 and other tall frames
    (0.7, 0.9, ("feed_portrait",)),  # 4:5
    (0.9, 1.2, ("feed_square",)),  # 1:1
    (1.2, 99.0, ("youtube",)),  # 16:9 and wider
)


@dataclass(frozen=True)
class Rect:
    """A box in canvas pixels: x0, y0 inclusive, x1, y1 exclusive."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    def overlaps(self, other: Rect) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def contains(self, other: Rect) -> bool:
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1


def platforms(width: int, height: int) -> tuple[str, ...]:
    """The platforms a canvas of this shape is posted to."""
    aspect = width / height
    return next(p for lo, hi, p in SHAPES if lo <= aspect < hi)


def margins(width: int, height: int) -> tuple[float, float, float, float]:
    """The largest margin on each side over this shape's platforms."""
    ms = [MARGINS[p] for p in platforms(width, height)]
    return (max(m[0] for m in ms), max(m[1] for m in ms), max(m[2] for m in ms), max(m[3] for m in ms))


def safe_rect(width: int, height: int) -> Rect:
    """The area no platform of this shape covers, in canvas pixels."""
    left, top, right, bottom = margins(width, height)
    return Rect(round(width * left), round(height * top), round(width * (1 - right)), round(height * (1 - bottom)))
