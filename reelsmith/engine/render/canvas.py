"""The frame every layer is drawn on, and the timeline cut into whole frames."""

from __future__ import annotations

from dataclasses import dataclass

from reelsmith.engine.model.draft import VideoSegment, layout


@dataclass
class Canvas:
    width: int
    height: int
    fps: int
    bg: str = "#000000"

    def frames(self, ms: int) -> int:
        return int(round(ms * self.fps / 1000.0))


def frame_layout(video: list[VideoSegment], cv: Canvas) -> tuple[list[int], list[int]]:
    """Frames per segment and per transition, rounded from timeline positions.

    Rounding each span's ends (not each length) means the pieces add up to exactly
    the frames of the timeline, at any fps, with no padding or drift.
    """
    spans = [(cv.frames(a), cv.frames(b)) for a, b in layout(video)]
    frames = [max(1, b - a) for a, b in spans]
    trans = []
    for i in range(len(video)):
        if i + 1 == len(video):
            trans.append(0)
            continue
        t = max(0, spans[i][1] - spans[i + 1][0])
        t_in = trans[i - 1] if i else 0
        trans.append(min(t, frames[i] - t_in, frames[i + 1] // 2))
    return frames, trans
