"""What is behind a text: the pixels of the picture under its box over its time, sampled small.

A photo is decoded at a reduced size and fitted to the canvas as its still is; a colour card is its
colour; a clip is a few frames decoded small by ffmpeg. The box is widened a little, since Ken Burns
motion and the subject-aware crop move the picture under it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from reelsmith.engine.media import ffmpeg
from reelsmith.engine.model.draft import Draft, VideoSegment, layout
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import media_input, num
from reelsmith.engine.render.stills import apply_filter, even, fit_image, hex_rgb
from reelsmith.engine.render.zones import Rect

SAMPLE_LONG_SIDE = 320  # the canvas is measured at this size
MARGIN = 0.04  # of the canvas, added on each side of the text's box
CLIP_FRAMES = 3


class Backdrop:
    """Samples the picture of one draft, each source fitted once."""

    def __init__(self, draft: Draft, cv: Canvas, resolve: Callable[[str], str], scratch: Path) -> None:
        self.video = draft.video()
        self.spans = layout(self.video)
        self.cv, self.resolve, self.scratch, self.look = cv, resolve, scratch, draft.m.filter
        k = min(1.0, SAMPLE_LONG_SIDE / max(cv.width, cv.height))
        self.k = k
        self.size = (max(2, round(cv.width * k)), max(2, round(cv.height * k)))
        self._photos: dict[int, np.ndarray] = {}

    def pixels(self, box: Rect, st: int, en: int) -> np.ndarray:
        """(n, 3) sRGB pixels of the picture inside `box` (canvas pixels) from `st` to `en` ms."""
        sw, sh = self.size
        m = MARGIN * max(self.cv.width, self.cv.height)
        x0, y0 = max(0, int((box.x0 - m) * self.k)), max(0, int((box.y0 - m) * self.k))
        x1, y1 = min(sw, int((box.x1 + m) * self.k) + 1), min(sh, int((box.y1 + m) * self.k) + 1)
        out = []
        for i, (a, b) in enumerate(self.spans):
            if b <= st or a >= en:
                continue
            for frame in self._sample(i, max(a, st) - a, min(b, en) - a):
                out.append(frame[y0:y1, x0:x1].reshape(-1, 3))
        if not out:  # past the end of the picture: the canvas colour
            return np.array([hex_rgb(self.cv.bg)], dtype=np.uint8)
        return np.concatenate(out)

    def _sample(self, i: int, st: int, en: int) -> list[np.ndarray]:
        seg = self.video[i]
        if seg.kind == "color":
            return [np.full((self.size[1], self.size[0], 3), hex_rgb(seg.src[6:]), dtype=np.uint8)]
        if seg.kind == "image":
            if i not in self._photos:
                self._photos[i] = self._photo(seg)
            return [self._photos[i]]
        frames = [self._clip_frame(seg, i, st + (en - st) * (j + 0.5) / CLIP_FRAMES) for j in range(CLIP_FRAMES)]
        return [f for f in frames if f is not None]

    def _photo(self, seg: VideoSegment) -> np.ndarray:
        src = self.resolve(seg.src)
        with Image.open(src) as im:
            im.draft("RGB", self.size)  # a JPEG decodes at 1/8 of its size: fast
            rgb = (ImageOps.exif_transpose(im) or im).convert("RGB")
        bg = hex_rgb(self.cv.bg)
        look = seg.filter if seg.filter != "none" else self.look
        return np.asarray(apply_filter(fit_image(rgb, self.size, seg.fit, bg), look))

    def _clip_frame(self, seg: VideoSegment, i: int, at_ms: float) -> np.ndarray | None:
        sw, sh = even(self.size[0]), even(self.size[1])
        out = self.scratch / f"backdrop-{i}-{round(at_ms)}.bmp"
        fit = (
            f"scale={sw}:{sh}:force_original_aspect_ratio=decrease,pad={sw}:{sh}:(ow-iw)/2:(oh-ih)/2"
            if seg.fit == "contain"
            else f"scale={sw}:{sh}:force_original_aspect_ratio=increase,crop={sw}:{sh}"
        )
        at = num((seg.src_in + at_ms * seg.speed) / 1000.0)
        try:
            ffmpeg.run(
                ["-ss", at, "-i", media_input(self.resolve(seg.src)), "-frames:v", "1", "-vf", fit, media_input(out)]
            )
        except ffmpeg.FFmpegError:
            return None
        if not out.exists():  # past the clip's end: its last frame is held, measured by the other samples
            return None
        with Image.open(out) as im:
            frame = np.asarray(im.convert("RGB").resize(self.size))
        out.unlink(missing_ok=True)
        return frame
